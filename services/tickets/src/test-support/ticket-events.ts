/** Ticket fixtures shared by the unit tests (excluded from the build). */
import type { AgentActor, TicketEvent } from '@sapa/contracts';

type TicketOpened = Extract<TicketEvent, { type: 'TicketOpened' }>;

/** The agent who acts in the fixtures. */
export const agent: AgentActor = { kind: 'agent', id: 'a1', name: 'Ayu' };

/** Ticket t1 (number 1001) of site s1, opened from an offline message by Budi; `data` overrides. */
export const ticketOpened = (data: Partial<TicketOpened['data']> = {}): TicketOpened => ({
  type: 'TicketOpened',
  data: {
    ticketId: 't1',
    siteId: 's1',
    number: 1001,
    source: 'offline',
    requester: { name: 'Budi', email: 'budi@example.org' },
    subject: 'Price list',
    question: 'Where?',
    ...data,
  },
});
