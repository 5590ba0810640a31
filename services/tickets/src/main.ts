import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { runService } from '@sapa/platform';
import { loadTicketsConfig } from './config.js';
import { startTicketsService } from './tickets-service.js';

runService({
  name: 'tickets',
  loadConfig: loadTicketsConfig,
  async start({ config, logger, keep }) {
    const mongo = keep(
      'mongo',
      await MongoClient.connect(config.MONGO_URL, { maxPoolSize: config.MONGO_MAX_POOL_SIZE }),
      (client) => client.close(),
    );
    const bus = keep(
      'bus',
      await Bus.connect({ servers: config.NATS_URL, name: 'tickets', logger }),
      (b) => b.drain(),
    );
    keep(
      'tickets',
      await startTicketsService({
        db: mongo.db(config.MONGO_DB),
        bus,
        logger,
        outboxIntervalMs: config.OUTBOX_INTERVAL_MS,
        outboxGraceMs: config.OUTBOX_GRACE_MS,
      }),
      (service) => service.stop(),
    );
    return { isReady: () => bus.isConnected };
  },
});
