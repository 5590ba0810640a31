import { Redis } from 'ioredis';
import { connectBus } from '@sapa/bus';
import { runService } from '@sapa/platform';
import { loadPresenceConfig } from './config.js';
import { startPresenceRuntime } from './presence-runtime.js';

runService({
  name: 'presence',
  loadConfig: loadPresenceConfig,
  async start({ config, logger, keep }) {
    // Few retries per command: a caller waiting on an RPC is better served by a quick
    // `unavailable` than by a request that outlives its timeout.
    const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 2 });
    redis.on('error', (error: unknown) => logger.warn({ err: error }, 'redis error'));
    await redis.connect();
    keep('redis', redis, (client) => client.quit());
    const bus = await connectBus(keep, config, 'presence', logger);
    keep('presence', await startPresenceRuntime({ redis, bus, logger, config }), (p) => p.stop());
    return {
      isReady: () => bus.isConnected && redis.status === 'ready',
      log: { ttlMs: config.PRESENCE_TTL_MS },
    };
  },
});
