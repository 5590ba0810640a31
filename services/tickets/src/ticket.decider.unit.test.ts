import { describe, it } from '@jest/globals';
import type { TicketEvent } from '@sapa/contracts';
import { deciderSpec } from '@sapa/testkit';
import { decideTicket } from './ticket.decider.js';
import { evolveTicket, initialTicketState } from './ticket.state.js';
import { agent, ticketOpened } from './test-support/ticket-events.js';

const spec = deciderSpec({
  decide: decideTicket,
  evolve: evolveTicket,
  initialState: initialTicketState,
});
const opened = ticketOpened({
  offlineMessageId: 'o1',
  requester: { name: 'Budi', email: 'Budi@example.org' },
  question: 'Where is the price list?',
});
/** A customer's mail reply to ticket t1. */
const customerReply = (from: string, text: string) => ({
  messageId: 'm2',
  from,
  text,
  emailMessageId: '<x@y>',
});
const replied: TicketEvent = {
  type: 'TicketReplied',
  data: { messageId: 'm1', clientMessageId: 'c1', author: agent, text: 'Here it is' },
};
const closed: TicketEvent = { type: 'TicketStatusChanged', data: { status: 'closed', by: agent } };

describe('Ticket decider', () => {
  it('opens a new ticket', () => {
    spec.given([]).when({ type: 'OpenTicket', data: opened.data }).then([opened]);
  });

  it('opening again is an idempotent no-op (redelivered offline message)', () => {
    spec.given([opened]).when({ type: 'OpenTicket', data: opened.data }).thenNothing();
  });

  it('refuses commands on a ticket that does not exist', () => {
    spec
      .given([])
      .when({ type: 'SetTicketStatus', data: { status: 'solved', by: agent } })
      .thenThrows({ code: 'not_found' });
  });

  it('stores a reply once per client message id', () => {
    const command = { type: 'ReplyToTicket', data: replied.data } as const;
    spec.given([opened]).when(command).then([replied]);
    spec.given([opened, replied]).when(command).thenNothing();
  });

  it('refuses a reply on a closed ticket but still takes an internal note', () => {
    spec
      .given([opened, closed])
      .when({ type: 'ReplyToTicket', data: replied.data } as never)
      .thenThrows({ code: 'conflict' });
    const note = { noteId: 'n1', clientMessageId: 'c2', author: agent, text: 'called them' };
    spec
      .given([opened, closed])
      .when({ type: 'AddTicketNote', data: note })
      .then([{ type: 'TicketNoteAdded', data: note }]);
  });

  it('closed is final', () => {
    spec
      .given([opened, closed])
      .when({ type: 'SetTicketStatus', data: { status: 'open', by: agent } })
      .thenThrows({ code: 'conflict' });
  });

  it('a customer reply to a solved ticket reopens it', () => {
    const data = customerReply('budi@EXAMPLE.org', 'Thanks, one more thing');
    spec
      .given([opened, { type: 'TicketStatusChanged', data: { status: 'solved', by: agent } }])
      .when({ type: 'AddCustomerReply', data })
      .then([
        { type: 'TicketCustomerReplied', data },
        {
          type: 'TicketStatusChanged',
          data: { status: 'open', by: { kind: 'system', id: 'tickets' } },
        },
      ]);
  });

  it('a customer reply from another address is forbidden, and a repeated mail is stored once', () => {
    const data = customerReply('mallory@example.org', 'hi');
    spec.given([opened]).when({ type: 'AddCustomerReply', data }).thenThrows({ code: 'forbidden' });
    const ok = { ...data, from: 'budi@example.org' };
    spec
      .given([opened, { type: 'TicketCustomerReplied', data: ok }])
      .when({ type: 'AddCustomerReply', data: { ...ok, messageId: 'm3' } })
      .thenNothing();
  });

  it('assign, priority and status repeat as no-ops', () => {
    const assigned: TicketEvent = {
      type: 'TicketAssigned',
      data: { assignee: { id: 'a1', name: 'Ayu' }, by: agent },
    };
    spec.given([opened]).when({ type: 'AssignTicket', data: assigned.data }).then([assigned]);
    spec
      .given([opened, assigned])
      .when({ type: 'AssignTicket', data: assigned.data })
      .thenNothing();
    spec
      .given([opened])
      .when({ type: 'SetTicketPriority', data: { priority: 'normal', by: agent } })
      .thenNothing();
    spec
      .given([opened])
      .when({ type: 'SetTicketStatus', data: { status: 'open', by: agent } })
      .thenNothing();
  });

  it('records a bounced address once, case-insensitively', () => {
    const bounced: TicketEvent = {
      type: 'TicketEmailBounced',
      data: { email: 'budi@example.org', reason: '550 no such user' },
    };
    spec.given([opened]).when({ type: 'MarkEmailBounced', data: bounced.data }).then([bounced]);
    spec
      .given([opened, bounced])
      .when({ type: 'MarkEmailBounced', data: { email: 'BUDI@example.org', reason: 'again' } })
      .thenNothing();
  });
});
