import { z } from 'zod';
import { Id, ClientId } from './ids.js';
import { Actor, AgentActor } from './actors.js';
import { Email, LanguageTag, PageInfo, PersonName, nonEmptyText } from './fields.js';
import { NAME_MAX, SUBJECT_MAX, TICKET_TEXT_MAX } from './limits.js';

/**
 * Ticket events, stream `ticket-<ticketId>`. This file imports only ids, actors and the shared
 * fields (never events.ts, which includes these events in DomainEvent): an import cycle would
 * leave schemas undefined at load time.
 */

export const TicketText = nonEmptyText(TICKET_TEXT_MAX);

export const TicketStatus = z.enum(['open', 'pending', 'solved', 'closed']);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const TicketPriority = z.enum(['low', 'normal', 'high', 'urgent']);
export type TicketPriority = z.infer<typeof TicketPriority>;

/** The person the ticket answers; their e-mail receives every public reply. */
export const TicketRequester = z.object({
  name: PersonName,
  email: Email,
});
export type TicketRequester = z.infer<typeof TicketRequester>;

/** The page a ticket came from. */
export const TicketPage = PageInfo;

/** One line of a chat transcript attached to a ticket converted from a chat. */
export const TranscriptLine = z.object({
  author: z.enum(['visitor', 'agent']),
  name: z.string().max(NAME_MAX).optional(),
  text: z.string().max(TICKET_TEXT_MAX),
  time: z.string().max(40),
});
export type TranscriptLine = z.infer<typeof TranscriptLine>;

export const TicketOpened = z.object({
  type: z.literal('TicketOpened'),
  data: z.object({
    ticketId: Id,
    siteId: Id,
    /** Readable number, unique per site (#1042). */
    number: z.number().int().min(1),
    source: z.enum(['offline', 'chat']),
    offlineMessageId: Id.optional(),
    conversationId: Id.optional(),
    requester: TicketRequester,
    subject: z.string().max(SUBJECT_MAX),
    question: z.string().max(TICKET_TEXT_MAX),
    department: Id.optional(),
    page: TicketPage.optional(),
    /** Language of the visitor's mails ('en' | 'id'; anything else falls back to 'en'). */
    language: LanguageTag.optional(),
    transcript: z.array(TranscriptLine).max(2000).optional(),
    /** The agent who converted a chat. */
    openedBy: AgentActor.optional(),
  }),
});

/** A public reply by an agent: e-mailed to the requester. */
export const TicketReplied = z.object({
  type: z.literal('TicketReplied'),
  data: z.object({
    messageId: Id,
    clientMessageId: ClientId,
    author: AgentActor,
    text: TicketText,
  }),
});

/** The requester answered by e-mail (quoted history stripped). */
export const TicketCustomerReplied = z.object({
  type: z.literal('TicketCustomerReplied'),
  data: z.object({
    messageId: Id,
    from: Email,
    text: TicketText,
    /** Message-ID of the inbound mail: a re-sent mail is not posted twice. */
    emailMessageId: z.string().max(998),
  }),
});

/** An internal note: never e-mailed. */
export const TicketNoteAdded = z.object({
  type: z.literal('TicketNoteAdded'),
  data: z.object({ noteId: Id, clientMessageId: ClientId, author: AgentActor, text: TicketText }),
});

export const TicketStatusChanged = z.object({
  type: z.literal('TicketStatusChanged'),
  data: z.object({ status: TicketStatus, by: Actor }),
});

export const TicketAssigned = z.object({
  type: z.literal('TicketAssigned'),
  data: z.object({
    assignee: z.object({ id: Id, name: z.string().min(1).max(NAME_MAX) }).nullable(),
    by: AgentActor,
  }),
});

export const TicketPriorityChanged = z.object({
  type: z.literal('TicketPriorityChanged'),
  data: z.object({ priority: TicketPriority, by: AgentActor }),
});

/** The requester's mail server refused a mail permanently (5xx): stop writing to it. */
export const TicketEmailBounced = z.object({
  type: z.literal('TicketEmailBounced'),
  data: z.object({ email: Email, reason: z.string().max(500) }),
});

export const TicketEvent = z.discriminatedUnion('type', [
  TicketOpened,
  TicketReplied,
  TicketCustomerReplied,
  TicketNoteAdded,
  TicketStatusChanged,
  TicketAssigned,
  TicketPriorityChanged,
  TicketEmailBounced,
]);
export type TicketEvent = z.infer<typeof TicketEvent>;
export type TicketEventType = TicketEvent['type'];

export const ticketStream = (ticketId: string): string => `ticket-${ticketId}`;
