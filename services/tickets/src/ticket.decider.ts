import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  type Actor,
  type AgentActor,
  type TicketEvent,
  type TicketPriority,
  type TicketStatus,
} from '@sapa/contracts';
import { postedKey, type TicketState } from './ticket.state.js';

type OpenedData = Extract<TicketEvent, { type: 'TicketOpened' }>['data'];

/** Commands the Ticket aggregate decides on (ids are chosen by the handler, so decide stays pure). */
export type TicketCommand =
  | { readonly type: 'OpenTicket'; readonly data: OpenedData }
  | {
      readonly type: 'ReplyToTicket';
      readonly data: {
        readonly messageId: string;
        readonly clientMessageId: string;
        readonly author: AgentActor;
        readonly text: string;
      };
    }
  | {
      readonly type: 'AddTicketNote';
      readonly data: {
        readonly noteId: string;
        readonly clientMessageId: string;
        readonly author: AgentActor;
        readonly text: string;
      };
    }
  | {
      readonly type: 'AddCustomerReply';
      readonly data: {
        readonly messageId: string;
        readonly from: string;
        readonly text: string;
        readonly emailMessageId: string;
      };
    }
  | {
      readonly type: 'SetTicketStatus';
      readonly data: { readonly status: TicketStatus; readonly by: Actor };
    }
  | {
      readonly type: 'AssignTicket';
      readonly data: {
        readonly assignee: { readonly id: string; readonly name: string } | null;
        readonly by: AgentActor;
      };
    }
  | {
      readonly type: 'SetTicketPriority';
      readonly data: { readonly priority: TicketPriority; readonly by: AgentActor };
    }
  | {
      readonly type: 'MarkEmailBounced';
      readonly data: { readonly email: string; readonly reason: string };
    };

const SYSTEM: Actor = { kind: 'system', id: 'tickets' };

/**
 * Decides which events a command produces, or refuses it with a typed error. Pure. An empty
 * result means "already done" (an idempotent repeat): nothing is stored.
 *
 * Lifecycle: open → pending (waiting for the requester) → solved → closed. Any status may be
 * set by an agent except out of `closed`, which is final. A requester's e-mail reopens a
 * pending or solved ticket; one to a closed ticket is refused (notify quarantines it).
 */
export function decideTicket(command: TicketCommand, state: TicketState): TicketEvent[] {
  if (command.type === 'OpenTicket') {
    // Opening is idempotent: the ticket of an offline message or chat is opened once.
    return state.status === 'new' ? [{ type: 'TicketOpened', data: { ...command.data } }] : [];
  }
  if (state.status === 'new') throw new NotFoundError('ticket not found');

  switch (command.type) {
    case 'ReplyToTicket': {
      const { data } = command;
      if (state.posted.has(postedKey('reply', data.author.id, data.clientMessageId))) return [];
      assertNotClosed(state);
      return [{ type: 'TicketReplied', data: { ...data } }];
    }
    case 'AddTicketNote': {
      const { data } = command;
      if (state.posted.has(postedKey('note', data.author.id, data.clientMessageId))) return [];
      return [{ type: 'TicketNoteAdded', data: { ...data } }];
    }
    case 'AddCustomerReply':
      return decideCustomerReply(command.data, state);
    case 'SetTicketStatus': {
      if (state.status === command.data.status) return [];
      assertNotClosed(state);
      return [{ type: 'TicketStatusChanged', data: { ...command.data } }];
    }
    case 'AssignTicket': {
      if (state.assigneeId === (command.data.assignee?.id ?? null)) return [];
      assertNotClosed(state);
      return [{ type: 'TicketAssigned', data: { ...command.data } }];
    }
    case 'SetTicketPriority': {
      if (state.priority === command.data.priority) return [];
      assertNotClosed(state);
      return [{ type: 'TicketPriorityChanged', data: { ...command.data } }];
    }
    case 'MarkEmailBounced': {
      if (state.bouncedEmails.includes(command.data.email.toLowerCase())) return [];
      return [{ type: 'TicketEmailBounced', data: { ...command.data } }];
    }
    default: {
      const unknown: never = command;
      throw new Error(`unknown command ${(unknown as { type: string }).type}`);
    }
  }
}

function decideCustomerReply(
  data: Extract<TicketCommand, { type: 'AddCustomerReply' }>['data'],
  state: TicketState,
): TicketEvent[] {
  // The same inbound mail delivered twice (an SMTP retry) is posted once.
  if (state.posted.has(postedKey('email', '-', data.emailMessageId))) return [];
  if (state.requester?.email.toLowerCase() !== data.from.toLowerCase()) {
    throw new ForbiddenError('the sender is not the requester of this ticket');
  }
  assertNotClosed(state);
  const replied: TicketEvent = { type: 'TicketCustomerReplied', data: { ...data } };
  return state.status === 'open'
    ? [replied]
    : [replied, { type: 'TicketStatusChanged', data: { status: 'open', by: SYSTEM } }];
}

function assertNotClosed(state: TicketState): void {
  if (state.status === 'closed') throw new ConflictError('ticket is closed');
}
