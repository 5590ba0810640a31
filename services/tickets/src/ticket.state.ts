import type { TicketEvent, TicketPriority, TicketRequester, TicketStatus } from '@sapa/contracts';

/** A reply or note already stored, remembered so that a resend is not stored twice. */
export interface PostedEntry {
  readonly messageId: string;
  readonly version: number;
}

/**
 * The state of one ticket, derived only from its events. `new` means the stream has no
 * TicketOpened yet.
 */
export interface TicketState {
  readonly status: 'new' | TicketStatus;
  readonly version: number;
  readonly ticketId: string | null;
  readonly siteId: string | null;
  readonly number: number | null;
  readonly requester: TicketRequester | null;
  readonly assigneeId: string | null;
  readonly priority: TicketPriority;
  readonly bouncedEmails: readonly string[];
  /** Keyed by postedKey(): agent replies and notes by client id, inbound mails by Message-ID. */
  readonly posted: ReadonlyMap<string, PostedEntry>;
}

export const initialTicketState: TicketState = {
  status: 'new',
  version: 0,
  ticketId: null,
  siteId: null,
  number: null,
  requester: null,
  assigneeId: null,
  priority: 'normal',
  bouncedEmails: [],
  posted: new Map(),
};

/** Dedupe key of a posted entry. Client ids are unique per author and kind, not globally. */
export const postedKey = (kind: 'reply' | 'note' | 'email', authorId: string, id: string): string =>
  `${kind}:${authorId}:${id}`;

/** `next` (already at the event's version) remembering that `key` stored `messageId`. */
const remember = (next: TicketState, key: string, messageId: string): TicketState => ({
  ...next,
  posted: new Map(next.posted).set(key, { messageId, version: next.version }),
});

/** Applies one stored event. Pure: returns a new state. */
export function evolveTicket(
  state: TicketState,
  event: TicketEvent & { readonly version: number },
): TicketState {
  const next = { ...state, version: event.version };
  switch (event.type) {
    case 'TicketOpened':
      return {
        ...next,
        status: 'open',
        ticketId: event.data.ticketId,
        siteId: event.data.siteId,
        number: event.data.number,
        requester: event.data.requester,
      };
    case 'TicketReplied': {
      const { author, clientMessageId, messageId } = event.data;
      return remember(next, postedKey('reply', author.id, clientMessageId), messageId);
    }
    case 'TicketNoteAdded': {
      const { author, clientMessageId, noteId } = event.data;
      return remember(next, postedKey('note', author.id, clientMessageId), noteId);
    }
    case 'TicketCustomerReplied': {
      const { emailMessageId, messageId } = event.data;
      return remember(next, postedKey('email', '-', emailMessageId), messageId);
    }
    case 'TicketStatusChanged':
      return { ...next, status: event.data.status };
    case 'TicketAssigned':
      return { ...next, assigneeId: event.data.assignee?.id ?? null };
    case 'TicketPriorityChanged':
      return { ...next, priority: event.data.priority };
    case 'TicketEmailBounced':
      return state.bouncedEmails.includes(event.data.email.toLowerCase())
        ? next
        : { ...next, bouncedEmails: [...state.bouncedEmails, event.data.email.toLowerCase()] };
    default: {
      const unknown: never = event;
      throw new Error(`unknown ticket event ${(unknown as { type: string }).type}`);
    }
  }
}
