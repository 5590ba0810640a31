import { TicketEvent, ValidationError, type StoredEvent } from '@sapa/contracts';
import type { Aggregate } from '@sapa/event-store';
import { evolveTicket, initialTicketState, type TicketState } from './ticket.state.js';

/** The Ticket aggregate for the CommandHandler: evolve plus how to parse its stored events. */
export const ticketAggregate: Aggregate<TicketState, TicketEvent> = {
  initialState: initialTicketState,
  evolve: evolveTicket,
  parse: (event: StoredEvent): TicketEvent => {
    const result = TicketEvent.safeParse({ type: event.type, data: event.data });
    if (!result.success) {
      throw new ValidationError(`stored event ${event.id} (${event.type}) is not a ticket event`);
    }
    return result.data;
  },
};
