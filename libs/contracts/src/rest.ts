import { z } from 'zod';
import { ClientId, Id, Version } from './ids.js';
import { ConversationStatus } from './chat.commands.js';
import { AgentRole } from './directory.commands.js';
import { Email, PersonName } from './fields.js';
import { NAME_MAX, SUBJECT_MAX } from './limits.js';
import { TicketPriority, TicketStatus, TicketText } from './tickets.events.js';

/**
 * The bodies, queries and path parameters of the gateway's REST API under /api/v1
 * (docs/protocol.md, docs/tickets-and-email.md, docs/duty.md). The gateway parses every request
 * with these; the site and the acting agent always come from the token, never from a body.
 */

// ---- Sign-in -------------------------------------------------------------------------------

/** The agent as the login answer, `GET /me` and the welcome frame name them. */
export const AgentIdentity = z.object({
  agentId: Id,
  siteId: Id,
  name: z.string(),
  role: AgentRole,
});
export type AgentIdentity = z.infer<typeof AgentIdentity>;

/** What `POST /auth/login` and `POST /auth/refresh` answer. */
export const TokenGrant = z.object({
  token: z.string(),
  /** Seconds the token lives. */
  expiresIn: z.number().int().min(1),
  agent: AgentIdentity,
});
export type TokenGrant = z.infer<typeof TokenGrant>;

// ---- Conversations -------------------------------------------------------------------------

/** `GET /conversations?status=` */
export const ConversationsQuery = z.object({ status: ConversationStatus.optional() });
/** `GET /conversations/:conversationId/events?after=<version>` */
export const ConversationEventsQuery = z.object({
  conversationId: Id,
  after: z.coerce.number().pipe(Version).default(0),
});

// ---- Tickets -------------------------------------------------------------------------------

export const TicketParams = z.object({ ticketId: Id });
export const ConversationParams = z.object({ conversationId: Id });

/** `GET /tickets?status=&assignee=<agentId|none|me>&department=&text=&limit=` */
export const TicketsQuery = z.object({
  status: TicketStatus.optional(),
  assignee: z.union([Id, z.literal('none')]).optional(),
  department: Id.optional(),
  text: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** `POST /tickets/:ticketId/replies` and `/notes` */
export const TicketPostBody = z.object({ clientMessageId: ClientId, text: TicketText });
export type TicketPostBody = z.infer<typeof TicketPostBody>;
/** `PUT /tickets/:ticketId/status` */
export const TicketStatusBody = z.object({ status: TicketStatus });
/** `PUT /tickets/:ticketId/assignee`: `{assignee: {id, name} | null}` */
export const TicketAssigneeBody = z.object({
  assignee: z.object({ id: Id, name: z.string().trim().min(1).max(NAME_MAX) }).nullable(),
});
/** `PUT /tickets/:ticketId/priority` */
export const TicketPriorityBody = z.object({ priority: TicketPriority });
/** `POST /conversations/:conversationId/ticket`: every field optional. */
export const ConvertChatBody = z.object({
  subject: z.string().trim().min(1).max(SUBJECT_MAX).optional(),
  requester: z.object({ name: PersonName.optional(), email: Email.optional() }).optional(),
  department: Id.optional(),
});
export type ConvertChatBody = z.infer<typeof ConvertChatBody>;
/** `POST /mail/dead-letters/:mailId/retry` */
export const MailParams = z.object({ mailId: z.string().min(1).max(300) });

// ---- Duty ----------------------------------------------------------------------------------

/** `POST /site/duty/swaps` */
export const SwapRequestBody = z.object({
  date: z.iso.date(),
  /** Defaults to the caller: an agent asks to give away their own shift. */
  fromAgentId: Id.optional(),
  toAgentId: Id,
  returnDate: z.iso.date().optional(),
});
export type SwapRequestBody = z.infer<typeof SwapRequestBody>;
/** `POST /site/duty/swaps/:swapId/decision` `{approve}` (swapId from the path). */
export const SwapDecisionBody = z.object({ swapId: Id, approve: z.boolean() });
