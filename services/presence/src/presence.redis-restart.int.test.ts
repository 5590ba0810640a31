import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bus } from '@sapa/bus';
import { DutySettings } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { startRedis, uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import type { Redis } from 'ioredis';
import { candidatesOf } from './duty/availability.rules.js';
import { decideRoute } from './duty/routing.rules.js';
import { servePresence, type PresenceServer } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import { startPresenceSweeper, type PresenceSweeper } from './presence.sweeper.js';
import { connectTestBus, startPresenceInfra } from './presence.test-support.js';

// Redis restarted empty (persistence off): presence holds no state of its own, so the next
// heartbeats rebuild it. Within two lease periods the agent whose gateway still beats is back,
// and the agent whose gateway died is not, so routing can never pick them.

const TTL_MS = 600;
const BEAT_MS = 150;
const logger = createLogger('presence-restart-test', 'silent');

let nats: TestServer;
let redisServer: TestServer;
let redis: Redis;
let bus: Bus;
let server: PresenceServer;
let sweeper: PresenceSweeper;

beforeAll(async () => {
  redisServer = await startRedis();
  ({ nats, redis } = await startPresenceInfra({
    redisUrl: redisServer.url,
    redis: { maxRetriesPerRequest: 1 },
  }));
  redis.on('error', () => undefined);
  bus = await connectTestBus(nats, 'restart', logger);
  const store = new PresenceStore(redis, {
    leaseTtlMs: TTL_MS,
    keyTtlMs: 3 * TTL_MS,
    keyPrefix: 'restart',
  });
  server = servePresence({ bus, store, logger });
  sweeper = startPresenceSweeper({ store, service: server.service, logger, intervalMs: 100 });
});

afterAll(async () => {
  await sweeper.stop();
  await server.stop();
  await bus.drain();
  redis.disconnect();
  await redisServer.dispose();
  await nats.dispose();
});

describe('Redis restarted empty', () => {
  it('rebuilds presence from heartbeats within two expiry periods; the gone agent stays gone', async () => {
    const siteId = uniqueName('site');
    const beat = (agentId: string) =>
      bus
        .request('presence.agent-heartbeat', {
          siteId,
          agentId,
          agentName: agentId,
          connectionId: `${agentId}-c`,
        })
        .catch(() => undefined); // Redis down: the gateway logs and beats again later.
    // Ayu's gateway keeps beating; Budi's beats once and then dies.
    await beat('budi');
    await beat('ayu');
    const timer = setInterval(() => void beat('ayu'), BEAT_MS);
    try {
      const online = async () =>
        (await bus.request('presence.online-agents', { siteId })).agents.map(
          (agent) => agent.agentId,
        );
      expect(await online()).toEqual(['ayu', 'budi']);

      await redisServer.kill();
      await redisServer.restart();
      const restartedAt = Date.now();

      await waitFor(async () => (await online().catch((): string[] => [])).includes('ayu'), {
        timeoutMs: 2 * TTL_MS,
        description: 'ayu back from her heartbeats',
      });
      expect(Date.now() - restartedAt).toBeLessThanOrEqual(2 * TTL_MS);
      const agents = (await bus.request('presence.online-agents', { siteId })).agents;
      expect(agents.map((agent) => agent.agentId)).toEqual(['ayu']);

      // Routing over the rebuilt presence rings only Ayu.
      const decision = decideRoute({
        mode: 'ring-all',
        candidates: candidatesOf({
          duty: DutySettings.parse({}),
          agents,
          loads: {},
          now: Date.now(),
        }),
      });
      expect(decision).toMatchObject({ kind: 'ring', ring: ['ayu'] });
      expect(await bus.request('presence.availability', { siteId })).toMatchObject({
        online: true,
        eligibleAgents: 1,
      });
    } finally {
      clearInterval(timer);
    }
  });
});
