import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { createLogger, installTracePropagation, runMain, startLifecycle } from '@sapa/platform';
import { loadDirectoryConfig } from './config.js';
import { createDirectoryHandlers, serveDirectory } from './directory.handlers.js';
import { DirectoryStore } from './directory.store.js';
import { createDutyHandlers, serveDuty } from './duty.handlers.js';
import { DutyStore } from './duty.store.js';
import { createSiteSettingsHandlers, serveSiteSettings } from './site-settings.handlers.js';
import { SiteSettingsStore } from './site-settings.store.js';

// Wiring only: config, clients, store, handlers, lifecycle. The logic is in the modules above.
// A bad environment is reported through this logger, before the configured one exists.
const bootLogger = createLogger('directory');

runMain(bootLogger, async () => {
  const config = loadDirectoryConfig();
  const logger = createLogger('directory', config.LOG_LEVEL);
  installTracePropagation();
  const mongo = await MongoClient.connect(config.MONGO_URL, {
    appName: 'sapa-directory',
    maxPoolSize: config.MONGO_MAX_POOL_SIZE,
  });
  const store = await DirectoryStore.open(mongo.db(config.MONGO_DB));
  const settings = SiteSettingsStore.open(mongo.db(config.MONGO_DB));
  const handlers = await createDirectoryHandlers({ store, logger, settings });
  const bus = await Bus.connect({ servers: config.NATS_URL, name: 'directory', logger });

  const lifecycle = await startLifecycle({
    logger,
    healthPort: config.HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    isReady: () => bus.isConnected,
  });
  // Stopped in reverse: responders first (in-flight requests finish), then NATS, then Mongo.
  lifecycle.onShutdown({ name: 'mongo', stop: () => mongo.close() });
  lifecycle.onShutdown({ name: 'nats', stop: () => bus.drain() });
  const server = serveDirectory(bus, handlers);
  lifecycle.onShutdown({ name: 'rpc', stop: () => server.stop() });
  const settingsServer = serveSiteSettings(
    bus,
    createSiteSettingsHandlers({ sites: store, settings, logger }),
  );
  lifecycle.onShutdown({ name: 'rpc-settings', stop: () => settingsServer.stop() });
  const dutyServer = serveDuty(
    bus,
    createDutyHandlers({
      sites: store,
      duty: DutyStore.open(mongo.db(config.MONGO_DB), (error) =>
        logger.warn({ err: error }, 'duty swaps index not created'),
      ),
      publish: (subject, payload) => bus.publish(subject, payload),
      logger,
    }),
  );
  lifecycle.onShutdown({ name: 'rpc-duty', stop: () => dutyServer.stop() });

  lifecycle.markReady();
  logger.info({ healthPort: lifecycle.healthPort, db: config.MONGO_DB }, 'directory ready');
});
