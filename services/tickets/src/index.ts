/** @sapa/tickets: the Ticket aggregate, its handlers and projection (see docs/tickets-and-email.md). */
export { startTicketsService, type TicketsService } from './tickets-service.js';
