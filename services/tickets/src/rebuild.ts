import { EventStore, withDatabase } from '@sapa/event-store';
import { createLogger, runMain } from '@sapa/platform';
import { loadTicketsConfig } from './config.js';
import { TicketListProjection } from './ticket-list.projection.js';

/** `npm run rebuild -w @sapa/tickets`: rebuilds the ticket list from the event history. */
const config = loadTicketsConfig();
const logger = createLogger('tickets-rebuild', config.LOG_LEVEL);

runMain(logger, () =>
  withDatabase(config, async (db) => {
    const projection = await TicketListProjection.open(db, await EventStore.open(db));
    logger.info({ rows: await projection.rebuild() }, 'ticket list rebuilt');
  }),
);
