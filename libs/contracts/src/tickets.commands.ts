import { z } from 'zod';
import { Id, ClientId, Version } from './ids.js';
import { AgentActor } from './actors.js';
import {
  TicketPage,
  TicketPriority,
  TicketRequester,
  TicketStatus,
  TicketText,
  TranscriptLine,
} from './tickets.events.js';
import { rpc } from './rpc.js';

/**
 * Commands and queries handled by services/tickets. The gateway fills `siteId` and
 * the agent from the token; notify fills them for inbound mail and bounces.
 */

const TicketRef = { siteId: Id, ticketId: Id };

export const ReplyToTicket = z.object({
  ...TicketRef,
  author: AgentActor,
  clientMessageId: ClientId,
  text: TicketText,
});
export type ReplyToTicket = z.infer<typeof ReplyToTicket>;
export const AddTicketNote = ReplyToTicket;
export type AddTicketNote = ReplyToTicket;
export const TicketPostResult = z.object({
  messageId: Id,
  version: Version,
  /** true when this clientMessageId (or inbound Message-ID) was already stored. */
  duplicate: z.boolean(),
});

export const SetTicketStatus = z.object({ ...TicketRef, by: AgentActor, status: TicketStatus });
export const AssignTicket = z.object({
  ...TicketRef,
  by: AgentActor,
  /** null unassigns. */
  assignee: z.object({ id: Id, name: z.string().min(1).max(120) }).nullable(),
});
export const SetTicketPriority = z.object({
  ...TicketRef,
  by: AgentActor,
  priority: TicketPriority,
});
export const TicketVersionResult = z.object({ version: Version });

/** Converts a chat into a ticket (transcript attached). Converting the same chat twice returns the first ticket. */
export const ConvertChatToTicket = z.object({
  siteId: Id,
  conversationId: Id,
  agent: AgentActor,
  subject: z.string().trim().min(1).max(200).optional(),
  /** Required when the visitor never gave an e-mail. */
  requester: TicketRequester.partial().optional(),
  department: Id.optional(),
});
export type ConvertChatToTicket = z.infer<typeof ConvertChatToTicket>;
export const OpenTicketResult = z.object({
  ticketId: Id,
  number: z.number().int().min(1),
  /** false when the ticket already existed (idempotent repeat). */
  created: z.boolean(),
});

/** Posted by notify's inbound SMTP after checking the reply token and the sender. */
export const AddCustomerReply = z.object({
  ...TicketRef,
  from: z.email().max(254),
  text: TicketText,
  emailMessageId: z.string().min(1).max(998),
});

/** Posted by notify when the requester's server refused a mail permanently. */
export const MarkTicketEmailBounced = z.object({
  ...TicketRef,
  email: z.email().max(254),
  reason: z.string().max(500),
});

/** A row of the ticket-list read model. */
export const TicketSummary = z.object({
  ticketId: Id,
  siteId: Id,
  number: z.number().int().min(1),
  source: z.enum(['offline', 'chat']),
  subject: z.string(),
  requesterName: z.string(),
  requesterEmail: z.string(),
  status: TicketStatus,
  priority: TicketPriority,
  department: Id.nullable(),
  assigneeId: Id.nullable(),
  assigneeName: z.string().nullable(),
  conversationId: Id.nullable(),
  replyCount: z.number().int().min(0),
  noteCount: z.number().int().min(0),
  emailBouncing: z.boolean(),
  lastActivityAt: z.string(),
  openedAt: z.string(),
  version: Version,
});
export type TicketSummary = z.infer<typeof TicketSummary>;

export const ListTickets = z.object({
  siteId: Id,
  status: TicketStatus.optional(),
  /** An agent id, or 'none' for unassigned tickets. */
  assigneeId: Id.optional(),
  department: Id.optional(),
  /** Case-insensitive substring of the subject, the requester's name or e-mail, or `#number`. */
  text: z.string().trim().min(1).max(200).optional(),
  limit: z.number().int().min(1).max(500).default(100),
});
export type ListTickets = z.infer<typeof ListTickets>;
export const ListTicketsResult = z.object({ tickets: z.array(TicketSummary) });

/** One entry of a ticket's thread, oldest first. */
export const TicketThreadEntry = z.object({
  id: Id,
  kind: z.enum([
    'question',
    'reply',
    'customer-reply',
    'note',
    'status',
    'assignment',
    'priority',
    'bounce',
  ]),
  author: z.object({
    kind: z.enum(['visitor', 'agent', 'system']),
    id: z.string(),
    name: z.string().optional(),
  }),
  text: z.string(),
  time: z.string(),
  version: Version,
});
export type TicketThreadEntry = z.infer<typeof TicketThreadEntry>;

/** The whole ticket, derived from its stream at read time (always current). */
export const TicketView = TicketSummary.extend({
  question: z.string(),
  page: TicketPage.nullable(),
  language: z.string().nullable(),
  transcript: z.array(TranscriptLine),
  bouncedEmails: z.array(z.string()),
  thread: z.array(TicketThreadEntry),
});
export type TicketView = z.infer<typeof TicketView>;

export const GetTicket = z.object(TicketRef);
export const TicketResult = z.object({ ticket: TicketView });

/** The tickets RPCs, spread into the RPC map in subjects.ts. */
export const TICKETS_RPC = {
  'tickets.list': rpc(ListTickets, ListTicketsResult),
  'tickets.get': rpc(GetTicket, TicketResult),
  'tickets.reply': rpc(ReplyToTicket, TicketPostResult),
  'tickets.add-note': rpc(AddTicketNote, TicketPostResult),
  'tickets.set-status': rpc(SetTicketStatus, TicketVersionResult),
  'tickets.assign': rpc(AssignTicket, TicketVersionResult),
  'tickets.set-priority': rpc(SetTicketPriority, TicketVersionResult),
  'tickets.convert-chat': rpc(ConvertChatToTicket, OpenTicketResult),
  'tickets.customer-reply': rpc(AddCustomerReply, TicketPostResult),
  'tickets.mark-bounced': rpc(MarkTicketEmailBounced, TicketVersionResult),
} as const;
