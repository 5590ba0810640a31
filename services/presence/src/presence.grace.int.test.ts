import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bus } from '@sapa/bus';
import { AgentPresence, presenceChangedSubject } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import type { Redis } from 'ioredis';
import { servePresence, type PresenceServer } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import { startPresenceSweeper, type PresenceSweeper } from './presence.sweeper.js';
import { connectTestBus, startPresenceInfra, stopPresenceInfra } from './presence.test-support.js';

// The reconnect grace period over real NATS and Redis: an agent whose sockets all close
// stays online for the grace period (a reload reconnects within it) and goes offline after.

const TTL_MS = 5_000;
const GRACE_MS = 800;
const logger = createLogger('presence-grace-test', 'silent');

let nats: TestServer;
let redis: Redis;
let bus: Bus;
let server: PresenceServer;
let sweeper: PresenceSweeper;

beforeAll(async () => {
  ({ nats, redis } = await startPresenceInfra());
  bus = await connectTestBus(nats, 'grace', logger);
  const store = new PresenceStore(redis, {
    leaseTtlMs: TTL_MS,
    keyTtlMs: 3 * TTL_MS,
    keyPrefix: uniqueName('grace'),
  });
  server = servePresence({ bus, store, logger, disconnectGraceMs: GRACE_MS });
  sweeper = startPresenceSweeper({ store, service: server.service, logger, intervalMs: 50 });
});

afterAll(async () => {
  await sweeper.stop();
  await server.stop();
  await bus.drain();
  await stopPresenceInfra({ nats, redis });
});

const heartbeat = (siteId: string, connectionId: string) =>
  bus.request('presence.agent-heartbeat', {
    siteId,
    agentId: 'ayu',
    agentName: 'Ayu',
    connectionId,
  });

describe('reconnect grace period', () => {
  it('takes an agent whose sockets all dropped offline after the grace period, not before', async () => {
    const siteId = uniqueName('site');
    const changes: { status: string; at: number }[] = [];
    const subscription = bus.subscribe(presenceChangedSubject(siteId), (payload) => {
      changes.push({ status: AgentPresence.parse(payload).status, at: Date.now() });
    });
    await bus.connection.flush();
    await heartbeat(siteId, 'tab-1');
    await heartbeat(siteId, 'tab-2');
    await bus.request('presence.agent-disconnected', {
      siteId,
      agentId: 'ayu',
      connectionId: 'tab-1',
    });
    const closedAt = Date.now();
    const { agent } = await bus.request('presence.agent-disconnected', {
      siteId,
      agentId: 'ayu',
      connectionId: 'tab-2',
    });
    // Still online right after the last socket closed: the grace has not run out.
    expect(agent.status).toBe('online');
    expect((await bus.request('presence.site-availability', { siteId })).online).toBe(true);

    await waitFor(() => changes.some((change) => change.status === 'offline'), {
      timeoutMs: 5_000,
      description: 'offline after the grace',
    });
    const offlineAt = changes.find((change) => change.status === 'offline')?.at ?? 0;
    expect(offlineAt - closedAt).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect((await bus.request('presence.site-availability', { siteId })).online).toBe(false);
    expect(changes.map((change) => change.status)).toEqual(['online', 'offline']);
    subscription.unsubscribe();
  });

  it('keeps an agent who reconnects within the grace online, with no announcement', async () => {
    const siteId = uniqueName('site');
    const changes: string[] = [];
    const subscription = bus.subscribe(presenceChangedSubject(siteId), (payload) => {
      changes.push(AgentPresence.parse(payload).status);
    });
    await bus.connection.flush();
    await heartbeat(siteId, 'tab-1');
    await bus.request('presence.agent-disconnected', {
      siteId,
      agentId: 'ayu',
      connectionId: 'tab-1',
    });
    await heartbeat(siteId, 'tab-1-reloaded');
    // Past the grace of the closed socket, the sweeper has run many times.
    const until = Date.now() + 2 * GRACE_MS;
    await waitFor(() => Date.now() > until && sweeper.sweepOnce().then(() => true), {
      timeoutMs: 5_000,
    });
    expect((await bus.request('presence.online-agents', { siteId })).agents).toEqual([
      expect.objectContaining({ agentId: 'ayu', status: 'online', connections: 1 }),
    ]);
    expect(changes).toEqual(['online']);
    subscription.unsubscribe();
  });
});
