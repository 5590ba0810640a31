import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { createLogger, installTracePropagation, runMain, startLifecycle } from '@sapa/platform';
import { startChatService } from './chat-service.js';
import { loadChatConfig } from './config.js';

const config = loadChatConfig();
const logger = createLogger('chat', config.LOG_LEVEL);

runMain(logger, async () => {
  installTracePropagation();
  const mongo = await MongoClient.connect(config.MONGO_URL, {
    maxPoolSize: config.MONGO_MAX_POOL_SIZE,
  });
  const bus = await Bus.connect({ servers: config.NATS_URL, name: 'chat', logger });
  const lifecycle = await startLifecycle({
    logger,
    healthPort: config.HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    isReady: () => bus.isConnected,
  });
  lifecycle.onShutdown({ name: 'mongo', stop: () => mongo.close() });
  lifecycle.onShutdown({ name: 'bus', stop: () => bus.drain() });
  const service = await startChatService({
    db: mongo.db(config.MONGO_DB),
    bus,
    logger,
    outboxIntervalMs: config.OUTBOX_INTERVAL_MS,
    outboxGraceMs: config.OUTBOX_GRACE_MS,
    // As many commands at once as database connections (docs/performance.md).
    maxConcurrent: config.MONGO_MAX_POOL_SIZE,
  });
  lifecycle.onShutdown({ name: 'chat', stop: () => service.stop() });
  lifecycle.markReady();
  logger.info({ healthPort: lifecycle.healthPort }, 'chat service ready');
});
