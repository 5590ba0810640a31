import type { Db } from 'mongodb';
import { OfflineMessageLeft, SUBJECT_PREFIX } from '@sapa/contracts';
import { consumeEvents, startPublishing, type Bus } from '@sapa/bus';
import { CommandHandler, EventStore } from '@sapa/event-store';
import type { Logger } from '@sapa/platform';
import { TicketListProjection } from './ticket-list.projection.js';
import { TicketNumbers } from './ticket-numbers.js';
import { TicketsHandlers } from './tickets.handlers.js';

/** Durable consumer of the ticket list projection (shared by all tickets replicas). */
export const TICKET_LIST_CONSUMER = 'tickets-ticket-list';
/** Durable consumer that opens a ticket for every offline message. */
export const OFFLINE_INTAKE_CONSUMER = 'tickets-offline-intake';

export interface TicketsService {
  readonly projection: TicketListProjection;
  readonly handlers: TicketsHandlers;
  /** Stops serving commands, both consumers and the outbox relay. */
  stop(): Promise<void>;
}

/**
 * Starts everything the tickets service does on an open database and bus: command handlers,
 * the offline-message intake, the ticket list projection and the outbox relay.
 */
export async function startTicketsService(options: {
  readonly db: Db;
  readonly bus: Bus;
  readonly logger: Logger;
  readonly outboxIntervalMs: number;
  readonly outboxGraceMs: number;
}): Promise<TicketsService> {
  const { db, bus, logger } = options;
  // The tickets service shares the event store with chat: one `events` collection per database.
  const store = await EventStore.open(db);
  const { publisher, relay } = await startPublishing(bus, store, logger, {
    intervalMs: options.outboxIntervalMs,
    graceMs: options.outboxGraceMs,
  });
  const projection = await TicketListProjection.open(db, store);
  const numbers = await TicketNumbers.open(db);
  const commands = new CommandHandler(store, publisher, logger.child({ module: 'commands' }));
  const handlers = new TicketsHandlers(
    commands,
    store,
    projection,
    numbers,
    bus,
    logger.child({ module: 'handlers' }),
  );

  // nats-server 2.9 takes one filter subject per consumer: hence two consumers.
  const listConsumer = await consumeEvents({
    bus,
    durable: TICKET_LIST_CONSUMER,
    filterSubjects: [`${SUBJECT_PREFIX}.evt.*.ticket.>`],
    logger: logger.child({ module: 'ticket-list-consumer' }),
    handle: (event) => projection.apply(event),
  });
  const intake = await consumeEvents({
    bus,
    durable: OFFLINE_INTAKE_CONSUMER,
    filterSubjects: [`${SUBJECT_PREFIX}.evt.*.offline.*.OfflineMessageLeft`],
    logger: logger.child({ module: 'offline-intake' }),
    handle: async (event) => {
      const parsed = OfflineMessageLeft.parse({ type: event.type, data: event.data });
      await handlers.openFromOfflineMessage(parsed.data, event);
    },
  });
  const served = handlers.serve();

  return {
    projection,
    handlers,
    async stop() {
      await Promise.all(served.map((subscription) => subscription.stop()));
      await commands.drain();
      await intake.stop();
      await listConsumer.stop();
      await relay.stop();
    },
  };
}
