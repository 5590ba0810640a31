import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { createLogger, installTracePropagation, runMain, startLifecycle } from '@sapa/platform';
import { loadNotifyConfig } from './config.js';
import { startNotifyService } from './notify-service.js';

const config = loadNotifyConfig();
const logger = createLogger('notify', config.LOG_LEVEL);

runMain(logger, async () => {
  installTracePropagation();
  const mongo = await MongoClient.connect(config.MONGO_URL, {
    maxPoolSize: config.MONGO_MAX_POOL_SIZE,
  });
  const bus = await Bus.connect({ servers: config.NATS_URL, name: 'notify', logger });
  const lifecycle = await startLifecycle({
    logger,
    healthPort: config.HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    isReady: () => bus.isConnected,
  });
  lifecycle.onShutdown({ name: 'mongo', stop: () => mongo.close() });
  lifecycle.onShutdown({ name: 'bus', stop: () => bus.drain() });
  const service = await startNotifyService({ db: mongo.db(config.MONGO_DB), bus, logger, config });
  lifecycle.onShutdown({ name: 'notify', stop: () => service.stop() });
  lifecycle.markReady();
  logger.info(
    {
      healthPort: lifecycle.healthPort,
      inboundPort: service.inboundPort,
      smtp: `${config.SMTP_HOST}:${config.SMTP_PORT}`,
    },
    'notify service ready',
  );
});
