import { MongoClient } from 'mongodb';
import { EventStore } from '@sapa/event-store';
import { createLogger, runMain } from '@sapa/platform';
import { loadTicketsConfig } from './config.js';
import { TicketListProjection } from './ticket-list.projection.js';

/** `npm run rebuild -w @sapa/tickets`: rebuilds the ticket list from the event history. */
const config = loadTicketsConfig();
const logger = createLogger('tickets-rebuild', config.LOG_LEVEL);

runMain(logger, async () => {
  const mongo = await MongoClient.connect(config.MONGO_URL, {
    maxPoolSize: config.MONGO_MAX_POOL_SIZE,
  });
  try {
    const db = mongo.db(config.MONGO_DB);
    const projection = await TicketListProjection.open(db, await EventStore.open(db));
    logger.info({ rows: await projection.rebuild() }, 'ticket list rebuilt');
  } finally {
    await mongo.close();
  }
});
