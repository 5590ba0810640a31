import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { runService } from '@sapa/platform';
import { startChatService } from './chat-service.js';
import { loadChatConfig } from './config.js';

runService({
  name: 'chat',
  loadConfig: loadChatConfig,
  async start({ config, logger, keep }) {
    const mongo = keep(
      'mongo',
      await MongoClient.connect(config.MONGO_URL, { maxPoolSize: config.MONGO_MAX_POOL_SIZE }),
      (client) => client.close(),
    );
    const bus = keep(
      'bus',
      await Bus.connect({ servers: config.NATS_URL, name: 'chat', logger }),
      (b) => b.drain(),
    );
    const service = await startChatService({
      db: mongo.db(config.MONGO_DB),
      bus,
      logger,
      outboxIntervalMs: config.OUTBOX_INTERVAL_MS,
      outboxGraceMs: config.OUTBOX_GRACE_MS,
      // As many commands at once as database connections (docs/performance.md).
      maxConcurrent: config.MONGO_MAX_POOL_SIZE,
    });
    keep('chat', service, (s) => s.stop());
    return { isReady: () => bus.isConnected };
  },
});
