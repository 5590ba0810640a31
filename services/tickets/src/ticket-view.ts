import {
  TicketEvent,
  TicketSummary,
  type StoredEvent,
  type TicketThreadEntry,
  type TicketView,
} from '@sapa/contracts';

/**
 * Builds the whole ticket (summary fields, thread, transcript) from its stream. Pure. Returns
 * null for an empty stream. Used by `tickets.get` (always current: read from the stream) and
 * by the list projection.
 */
export function buildTicketView(events: readonly StoredEvent[]): TicketView | null {
  let view: TicketView | null = null;
  for (const stored of events) {
    const event = TicketEvent.parse({ type: stored.type, data: stored.data });
    view = applyToView(view, event, stored);
  }
  return view;
}

type Line = (
  kind: TicketThreadEntry['kind'],
  author: TicketThreadEntry['author'],
  text: string,
  id?: string,
) => TicketThreadEntry;

/** A thread entry made by `stored` (its id unless another is given). */
const lineOf =
  (stored: StoredEvent): Line =>
  (kind, author, text, id = stored.id) => ({
    id,
    kind,
    author,
    text,
    time: stored.time,
    version: stored.version,
  });

function openedView(
  data: Extract<TicketEvent, { type: 'TicketOpened' }>['data'],
  stored: StoredEvent,
): TicketView {
  const entry = lineOf(stored);
  return {
    ticketId: data.ticketId,
    siteId: data.siteId,
    number: data.number,
    source: data.source,
    subject: data.subject,
    requesterName: data.requester.name,
    requesterEmail: data.requester.email,
    status: 'open',
    priority: 'normal',
    department: data.department ?? null,
    assigneeId: null,
    assigneeName: null,
    conversationId: data.conversationId ?? null,
    replyCount: 0,
    noteCount: 0,
    emailBouncing: false,
    lastActivityAt: stored.time,
    openedAt: stored.time,
    version: stored.version,
    question: data.question,
    page: data.page ?? null,
    language: data.language ?? null,
    transcript: data.transcript ?? [],
    bouncedEmails: [],
    thread: [
      entry(
        'question',
        { kind: 'visitor', id: data.requester.email, name: data.requester.name },
        data.question,
      ),
    ],
  };
}

function applyToView(
  view: TicketView | null,
  event: TicketEvent,
  stored: StoredEvent,
): TicketView | null {
  if (event.type === 'TicketOpened') return view ?? openedView(event.data, stored);
  if (view === null) return null;
  const next: TicketView = { ...view, version: stored.version, lastActivityAt: stored.time };
  const threadWith = (...line: Parameters<Line>) => [...view.thread, lineOf(stored)(...line)];
  switch (event.type) {
    case 'TicketReplied': {
      const { author, text, messageId } = event.data;
      return {
        ...next,
        replyCount: view.replyCount + 1,
        thread: threadWith('reply', author, text, messageId),
      };
    }
    case 'TicketCustomerReplied':
      return {
        ...next,
        thread: threadWith(
          'customer-reply',
          { kind: 'visitor', id: event.data.from, name: view.requesterName },
          event.data.text,
          event.data.messageId,
        ),
      };
    case 'TicketNoteAdded': {
      const { author, text, noteId } = event.data;
      return {
        ...next,
        noteCount: view.noteCount + 1,
        thread: threadWith('note', author, text, noteId),
      };
    }
    case 'TicketStatusChanged':
      return {
        ...next,
        status: event.data.status,
        thread: threadWith('status', actorOf(event.data.by), event.data.status),
      };
    case 'TicketAssigned': {
      const { assignee, by } = event.data;
      return {
        ...next,
        assigneeId: assignee?.id ?? null,
        assigneeName: assignee?.name ?? null,
        thread: threadWith('assignment', by, assignee?.name ?? ''),
      };
    }
    case 'TicketPriorityChanged':
      return {
        ...next,
        priority: event.data.priority,
        thread: threadWith('priority', event.data.by, event.data.priority),
      };
    case 'TicketEmailBounced': {
      const email = event.data.email.toLowerCase();
      const bouncedEmails = view.bouncedEmails.includes(email)
        ? view.bouncedEmails
        : [...view.bouncedEmails, email];
      return {
        ...next,
        bouncedEmails,
        emailBouncing: bouncedEmails.includes(view.requesterEmail.toLowerCase()),
        thread: threadWith(
          'bounce',
          { kind: 'system', id: 'notify' },
          `${email}: ${event.data.reason}`,
        ),
      };
    }
    default: {
      const unknown: never = event;
      throw new Error(`unknown ticket event ${(unknown as { type: string }).type}`);
    }
  }
}

function actorOf(actor: {
  kind: 'visitor' | 'agent' | 'system';
  id: string;
  name?: string | undefined;
}) {
  return actor.name === undefined
    ? { kind: actor.kind, id: actor.id }
    : { kind: actor.kind, id: actor.id, name: actor.name };
}

/** The list row of a view (what the projection stores). */
export function toSummary(view: TicketView): TicketSummary {
  return TicketSummary.parse(view);
}
