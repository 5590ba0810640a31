import type { Redis } from 'ioredis';
import type { BusServiceOptions } from '@sapa/bus';
import { presenceKeyTtlMs, type PresenceConfig } from './config.js';
import { DutyCache } from './duty/duty.cache.js';
import { servePresence } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import { startPresenceSweeper } from './presence.sweeper.js';
import { startRouting } from './routing.consumer.js';
import { VisitorStore } from './visitors.store.js';

/** What presence runs on an open Redis and bus, stopped as one. */
export interface PresenceRuntime {
  /** Stops the sweeper, routing, the responders and the duty cache, in that order. */
  stop(): Promise<void>;
}

/**
 * Starts everything the presence service does: the agent and visitor stores, the duty cache,
 * the responders, routing (a JetStream consumer of conversation events) and the sweeper.
 */
export async function startPresenceRuntime(
  options: BusServiceOptions<PresenceConfig> & { readonly redis: Redis },
): Promise<PresenceRuntime> {
  const { redis, bus, logger, config } = options;
  const storeOptions = {
    leaseTtlMs: config.PRESENCE_TTL_MS,
    keyTtlMs: presenceKeyTtlMs(config),
    keyPrefix: config.PRESENCE_KEY_PREFIX,
  };
  const store = new PresenceStore(redis, storeOptions);
  const duty = new DutyCache(bus, logger);
  const server = servePresence({
    bus,
    store,
    visitorStore: new VisitorStore(redis, storeOptions),
    duty,
    routingRedis: redis,
    keyPrefix: config.PRESENCE_KEY_PREFIX,
    availabilityMemoryMs: presenceKeyTtlMs(config),
    logger,
    disconnectGraceMs: config.PRESENCE_DISCONNECT_GRACE_MS,
  });
  duty.onChange((siteId) => server.availability.checkSoon(siteId));
  const routing = server.reactor
    ? await startRouting({ bus, reactor: server.reactor, logger })
    : undefined;
  const sweeper = startPresenceSweeper({
    store,
    service: server.service,
    visitors: server.visitors,
    availability: server.availability,
    routing: server.reactor,
    logger,
    intervalMs: config.PRESENCE_SWEEP_INTERVAL_MS,
  });
  return {
    async stop() {
      await sweeper.stop();
      await routing?.stop();
      await server.stop();
      duty.stop();
    },
  };
}
