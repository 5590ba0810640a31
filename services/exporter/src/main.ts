import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { createLogger, installTracePropagation, runMain, startLifecycle } from '@sapa/platform';
import { loadExporterConfig } from './config.js';
import { startExporterService } from './exporter-service.js';

const config = loadExporterConfig();
const logger = createLogger('exporter', config.LOG_LEVEL);

runMain(logger, async () => {
  if (config.KAFKA_BROKERS.length === 0) {
    logger.info('kafka export off (KAFKA_BROKERS is not set)');
    return;
  }
  installTracePropagation();
  const mongo = await MongoClient.connect(config.MONGO_URL, {
    maxPoolSize: config.MONGO_MAX_POOL_SIZE,
  });
  const bus = await Bus.connect({ servers: config.NATS_URL, name: 'exporter', logger });
  const lifecycle = await startLifecycle({
    logger,
    healthPort: config.HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    isReady: () => bus.isConnected,
  });
  lifecycle.onShutdown({ name: 'mongo', stop: () => mongo.close() });
  lifecycle.onShutdown({ name: 'bus', stop: () => bus.drain() });
  const service = await startExporterService({
    db: mongo.db(config.MONGO_DB),
    bus,
    logger,
    config,
  });
  lifecycle.onShutdown({ name: 'exporter', stop: () => service.stop() });
  lifecycle.markReady();
  logger.info(
    { healthPort: lifecycle.healthPort, brokers: config.KAFKA_BROKERS, topic: config.KAFKA_TOPIC },
    'exporter ready',
  );
});
