import { Redis } from 'ioredis';
import { Bus } from '@sapa/bus';
import { createLogger, installTracePropagation, runMain, startLifecycle } from '@sapa/platform';
import { loadPresenceConfig, presenceKeyTtlMs } from './config.js';
import { servePresence } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import { startPresenceSweeper } from './presence.sweeper.js';
import { DutyCache } from './duty/duty.cache.js';
import { startRouting } from './routing.consumer.js';
import { VisitorStore } from './visitors.store.js';

const config = loadPresenceConfig();
const logger = createLogger('presence', config.LOG_LEVEL);

runMain(logger, async () => {
  installTracePropagation();
  // Few retries per command: a caller waiting on an RPC is better served by a quick
  // `unavailable` than by a request that outlives its timeout.
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', (error: unknown) => logger.warn({ err: error }, 'redis error'));
  await redis.connect();
  const bus = await Bus.connect({ servers: config.NATS_URL, name: 'presence', logger });
  const lifecycle = await startLifecycle({
    logger,
    healthPort: config.HEALTH_PORT,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    isReady: () => bus.isConnected && redis.status === 'ready',
  });
  // Stopped last-registered-first: sweeper, responders, bus, then Redis.
  lifecycle.onShutdown({ name: 'redis', stop: () => redis.quit().then(() => undefined) });
  lifecycle.onShutdown({ name: 'bus', stop: () => bus.drain() });
  const store = new PresenceStore(redis, {
    leaseTtlMs: config.PRESENCE_TTL_MS,
    keyTtlMs: presenceKeyTtlMs(config),
    keyPrefix: config.PRESENCE_KEY_PREFIX,
  });
  const visitorStore = new VisitorStore(redis, {
    leaseTtlMs: config.PRESENCE_TTL_MS,
    keyTtlMs: presenceKeyTtlMs(config),
    keyPrefix: config.PRESENCE_KEY_PREFIX,
  });
  const duty = new DutyCache(bus, logger);
  lifecycle.onShutdown({ name: 'duty-cache', stop: () => Promise.resolve(duty.stop()) });
  const server = servePresence({
    bus,
    store,
    visitorStore,
    duty,
    routingRedis: redis,
    keyPrefix: config.PRESENCE_KEY_PREFIX,
    availabilityMemoryMs: presenceKeyTtlMs(config),
    logger,
    disconnectGraceMs: config.PRESENCE_DISCONNECT_GRACE_MS,
  });
  lifecycle.onShutdown({ name: 'presence', stop: () => server.stop() });
  duty.onChange((siteId) => server.availability.checkSoon(siteId));
  if (server.reactor) {
    const routing = await startRouting({ bus, reactor: server.reactor, logger });
    lifecycle.onShutdown({ name: 'routing', stop: () => routing.stop() });
  }
  const sweeper = startPresenceSweeper({
    store,
    service: server.service,
    visitors: server.visitors,
    availability: server.availability,
    routing: server.reactor,
    logger,
    intervalMs: config.PRESENCE_SWEEP_INTERVAL_MS,
  });
  lifecycle.onShutdown({ name: 'sweeper', stop: () => sweeper.stop() });
  lifecycle.markReady();
  logger.info(
    { healthPort: lifecycle.healthPort, ttlMs: config.PRESENCE_TTL_MS },
    'presence service ready',
  );
});
