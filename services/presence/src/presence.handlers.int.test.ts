import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus, ERROR_CODE_HEADER } from '@sapa/bus';
import {
  AgentPresence,
  NotFoundError,
  ValidationError,
  presenceChangedSubject,
  type AgentStatus,
} from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import type { Redis } from 'ioredis';
import { servePresence, type PresenceServer } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import { startPresenceSweeper, type PresenceSweeper } from './presence.sweeper.js';
import { startPresenceInfra, stopPresenceInfra } from './presence.test-support.js';

// Presence over real NATS and Redis, handlers in-process. The RPC subjects are fixed
// (sapa.v1.rpc.presence.*), so this file has a NATS server of its own: no other test's
// presence replica can answer our requests. Each test has its own site ids and key prefix.

const TTL_MS = 500;
const logger = createLogger('presence-test', 'silent');

let nats: TestServer;
let redis: Redis;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ({ nats, redis } = await startPresenceInfra());
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

afterAll(async () => {
  await stopPresenceInfra({ nats, redis });
});

interface Replica {
  readonly bus: Bus;
  readonly server: PresenceServer;
  readonly sweeper: PresenceSweeper | undefined;
}

/** One presence replica: its own NATS connection, serving the shared `presence` queue group. */
async function startReplica(keyPrefix: string, options: { sweepMs?: number } = {}) {
  const bus = await Bus.connect({ servers: nats.url, name: uniqueName('presence'), logger });
  const store = new PresenceStore(redis, { leaseTtlMs: TTL_MS, keyTtlMs: 4 * TTL_MS, keyPrefix });
  const server = servePresence({ bus, store, logger });
  const sweeper =
    options.sweepMs === undefined
      ? undefined
      : startPresenceSweeper({
          store,
          service: server.service,
          logger,
          intervalMs: options.sweepMs,
        });
  cleanups.push(async () => {
    await sweeper?.stop();
    await server.stop();
    await bus.drain();
  });
  return { bus, server, sweeper } satisfies Replica;
}

/** A presence deployment for one test plus a client connection (the gateway's side). */
async function setUp(options: { replicas?: number; sweepMs?: number } = {}) {
  const keyPrefix = uniqueName('presence');
  const replicas: Replica[] = [];
  for (let index = 0; index < (options.replicas ?? 1); index += 1) {
    replicas.push(await startReplica(keyPrefix, options));
  }
  const client = await Bus.connect({ servers: nats.url, name: uniqueName('client'), logger });
  cleanups.push(() => client.drain());

  const heartbeat = (
    siteId: string,
    agentId: string,
    connectionId = 'conn-1',
    agentName = agentId,
  ) => client.request('presence.agent-heartbeat', { siteId, agentId, agentName, connectionId });
  const disconnect = (siteId: string, agentId: string, connectionId = 'conn-1') =>
    client.request('presence.agent-disconnected', { siteId, agentId, connectionId });
  const setStatus = (siteId: string, agentId: string, status: AgentStatus) =>
    client.request('presence.set-agent-status', { siteId, agentId, status });
  const availability = (siteId: string) => client.request('presence.site-availability', { siteId });
  const onlineAgents = async (siteId: string) =>
    (await client.request('presence.online-agents', { siteId })).agents;

  /** Collects the presence changes announced for a site. */
  const watch = async (siteId: string) => {
    const seen: AgentPresence[] = [];
    const subscription = client.subscribe(presenceChangedSubject(siteId), (payload) => {
      seen.push(AgentPresence.parse(payload));
    });
    cleanups.push(() => {
      subscription.unsubscribe();
      return Promise.resolve();
    });
    // The subscription must reach the server before anything is published.
    await client.connection.flush();
    return seen;
  };

  return { replicas, client, heartbeat, disconnect, setStatus, availability, onlineAgents, watch };
}

describe('presence RPCs', () => {
  it('puts an agent online with a heartbeat and makes the site available', async () => {
    const { heartbeat, availability, onlineAgents } = await setUp();
    const siteId = uniqueName('site');
    expect(await availability(siteId)).toEqual({
      siteId,
      online: false,
      agentsOnline: 0,
      departments: [],
    });

    const before = Date.now();
    const { agent } = await heartbeat(siteId, 'agent-1', 'conn-1', 'Ayu');
    expect(agent).toMatchObject({
      agentId: 'agent-1',
      name: 'Ayu',
      status: 'online',
      connections: 1,
    });
    expect(agent.lastSeenAt).toBeGreaterThanOrEqual(before - 1_000);

    expect(await availability(siteId)).toEqual({
      siteId,
      online: true,
      agentsOnline: 1,
      departments: [],
    });
    expect(await onlineAgents(siteId)).toEqual([agent]);
  });

  it('lists an away agent but does not count it towards availability', async () => {
    const { heartbeat, setStatus, availability, onlineAgents } = await setUp();
    const siteId = uniqueName('site');
    await heartbeat(siteId, 'agent-1');
    const { agent } = await setStatus(siteId, 'agent-1', 'away');
    expect(agent).toMatchObject({ status: 'away', connections: 1 });

    expect(await availability(siteId)).toEqual({
      siteId,
      online: false,
      agentsOnline: 0,
      departments: [],
    });
    expect(await onlineAgents(siteId)).toEqual([
      expect.objectContaining({ agentId: 'agent-1', status: 'away' }),
    ]);

    // A heartbeat does not undo the agent's choice; choosing online does.
    expect((await heartbeat(siteId, 'agent-1')).agent.status).toBe('away');
    await setStatus(siteId, 'agent-1', 'online');
    expect(await availability(siteId)).toEqual({
      siteId,
      online: true,
      agentsOnline: 1,
      departments: [],
    });
  });

  it('leaves out an agent who chose offline while still connected', async () => {
    const { heartbeat, setStatus, availability, onlineAgents } = await setUp();
    const siteId = uniqueName('site');
    await heartbeat(siteId, 'agent-1');
    const { agent } = await setStatus(siteId, 'agent-1', 'offline');
    expect(agent).toMatchObject({ status: 'offline', connections: 1 });
    expect(await onlineAgents(siteId)).toEqual([]);
    expect((await availability(siteId)).online).toBe(false);
  });

  it('takes an agent offline once its connections expire without heartbeats, not before', async () => {
    const { heartbeat, availability, onlineAgents } = await setUp();
    const siteId = uniqueName('site');
    const sentAt = Date.now();
    await heartbeat(siteId, 'agent-1');

    // The lease started after sentAt, so any answer received before sentAt + TTL must say
    // online. Check repeatedly through most of the lease.
    let checks = 0;
    while (Date.now() < sentAt + TTL_MS * 0.7) {
      const answer = await availability(siteId);
      if (Date.now() < sentAt + TTL_MS) {
        expect(answer.online).toBe(true);
        checks += 1;
      }
    }
    expect(checks).toBeGreaterThan(0);

    await waitFor(async () => !(await availability(siteId)).online, {
      timeoutMs: TTL_MS + 5_000,
      description: 'the site to go offline',
    });
    expect(Date.now()).toBeGreaterThanOrEqual(sentAt + TTL_MS);
    expect(await onlineAgents(siteId)).toEqual([]);
  });

  it('keeps an agent online while one of its connections lives, offline after the last', async () => {
    const { heartbeat, disconnect, availability, onlineAgents } = await setUp();
    const siteId = uniqueName('site');
    await heartbeat(siteId, 'agent-1', 'tab-1');
    await heartbeat(siteId, 'agent-1', 'tab-2');

    const first = await disconnect(siteId, 'agent-1', 'tab-1');
    expect(first.agent).toMatchObject({ status: 'online', connections: 1 });
    expect((await availability(siteId)).online).toBe(true);

    // A repeated disconnect of the same socket changes nothing.
    expect((await disconnect(siteId, 'agent-1', 'tab-1')).agent.connections).toBe(1);

    const last = await disconnect(siteId, 'agent-1', 'tab-2');
    expect(last.agent).toMatchObject({ agentId: 'agent-1', status: 'offline', connections: 0 });
    expect(await availability(siteId)).toEqual({
      siteId,
      online: false,
      agentsOnline: 0,
      departments: [],
    });
    expect(await onlineAgents(siteId)).toEqual([]);
  });

  it('answers a disconnect of an unknown agent with an offline presence', async () => {
    const { disconnect } = await setUp();
    const { agent } = await disconnect(uniqueName('site'), 'ghost');
    expect(agent).toEqual({
      agentId: 'ghost',
      name: '',
      status: 'offline',
      lastSeenAt: 0,
      connections: 0,
    });
  });

  it('refuses a status for an agent without presence, and invalid requests', async () => {
    const { setStatus, client } = await setUp();
    await expect(setStatus(uniqueName('site'), 'ghost', 'away')).rejects.toBeInstanceOf(
      NotFoundError,
    );
    // Bypass the client-side check: the service validates on its own.
    const reply = await client.connection.request(
      'sapa.v1.rpc.presence.online-agents',
      JSON.stringify({ siteId: { $gt: '' } }),
    );
    expect(reply.headers?.get(ERROR_CODE_HEADER)).toBe('validation_failed');
    await expect(
      client.request('presence.agent-heartbeat', {
        siteId: 'site.a',
        agentId: 'a',
        agentName: 'A',
        connectionId: 'c',
      }),
    ).rejects.toBeInstanceOf(ValidationError);
  });

  it('keeps sites apart', async () => {
    const { heartbeat, setStatus, availability, onlineAgents } = await setUp();
    const siteA = uniqueName('site_a');
    const siteB = uniqueName('site_b');
    await heartbeat(siteA, 'agent-a', 'conn-a', 'Ayu');
    // The same agent id on another site is another agent.
    await heartbeat(siteB, 'agent-a', 'conn-b', 'Budi');
    await heartbeat(siteB, 'agent-b', 'conn-c', 'Citra');
    await setStatus(siteB, 'agent-a', 'away');

    expect(
      (await onlineAgents(siteA)).map((agent) => [agent.agentId, agent.name, agent.status]),
    ).toEqual([['agent-a', 'Ayu', 'online']]);
    expect(
      (await onlineAgents(siteB)).map((agent) => [agent.agentId, agent.name, agent.status]),
    ).toEqual([
      ['agent-a', 'Budi', 'away'],
      ['agent-b', 'Citra', 'online'],
    ]);
    expect(await availability(siteA)).toEqual({
      siteId: siteA,
      online: true,
      agentsOnline: 1,
      departments: [],
    });
    expect(await availability(siteB)).toEqual({
      siteId: siteB,
      online: true,
      agentsOnline: 1,
      departments: [],
    });
    expect(await onlineAgents(uniqueName('site_c'))).toEqual([]);
  });
});

describe('presence changes', () => {
  it('publishes each change of effective status, and only those', async () => {
    const { heartbeat, setStatus, disconnect, client, watch } = await setUp();
    const siteId = uniqueName('site');
    const otherSite = uniqueName('site');
    const seen = await watch(siteId);
    const seenElsewhere = await watch(otherSite);

    await heartbeat(siteId, 'agent-1', 'tab-1', 'Ayu');
    await heartbeat(siteId, 'agent-1', 'tab-1', 'Ayu'); // refresh: no change
    await heartbeat(siteId, 'agent-1', 'tab-2', 'Ayu'); // second socket: still online
    await setStatus(siteId, 'agent-1', 'away');
    await setStatus(siteId, 'agent-1', 'away'); // same choice again: no change
    await disconnect(siteId, 'agent-1', 'tab-1');
    await disconnect(siteId, 'agent-1', 'tab-2');

    await waitFor(() => seen.length >= 3, { timeoutMs: 5_000, description: 'three changes' });
    // Anything published later would have been sent before this round trip completes.
    await client.connection.flush();
    expect(
      seen.map((change) => [change.agentId, change.name, change.status, change.connections]),
    ).toEqual([
      ['agent-1', 'Ayu', 'online', 1],
      ['agent-1', 'Ayu', 'away', 2],
      ['agent-1', 'Ayu', 'offline', 0],
    ]);
    expect(seenElsewhere).toEqual([]);
  });

  it('announces an agent whose connections lapsed offline once, across replicas', async () => {
    // Sweepers on a long interval: the test drives sweeps itself, so nothing races it.
    const { replicas, heartbeat, client, watch } = await setUp({ replicas: 2, sweepMs: 60_000 });
    const siteId = uniqueName('site');
    const seen = await watch(siteId);
    await heartbeat(siteId, 'agent-1');
    await heartbeat(siteId, 'agent-2');
    await waitFor(() => seen.length === 2, { timeoutMs: 5_000, description: 'both online' });

    const sweepAll = () =>
      Promise.all(replicas.map((replica) => replica.sweeper?.sweepOnce() ?? Promise.resolve(0)));
    await waitFor(
      async () => {
        await sweepAll();
        return seen.length >= 4;
      },
      { timeoutMs: TTL_MS + 5_000, description: 'the lapses to be announced' },
    );
    await sweepAll();
    await sweepAll();
    await client.connection.flush();
    expect(
      seen
        .slice(2)
        .map((change) => [change.agentId, change.status])
        .sort(),
    ).toEqual([
      ['agent-1', 'offline'],
      ['agent-2', 'offline'],
    ]);
    expect(seen).toHaveLength(4);
  });

  it('announces a lapse on its own timer, with no one asking', async () => {
    const { heartbeat, watch } = await setUp({ sweepMs: 100 });
    const siteId = uniqueName('site');
    const seen = await watch(siteId);
    const sentAt = Date.now();
    await heartbeat(siteId, 'agent-1');
    await waitFor(() => seen.some((change) => change.status === 'offline'), {
      timeoutMs: TTL_MS + 5_000,
      description: 'the offline announcement',
    });
    expect(Date.now()).toBeGreaterThanOrEqual(sentAt + TTL_MS);
    expect(seen.map((change) => change.status)).toEqual(['online', 'offline']);
  });
});

describe('two presence replicas', () => {
  it('share the work and give the same answers', async () => {
    const { replicas, heartbeat, setStatus, availability, onlineAgents } = await setUp({
      replicas: 2,
    });
    const siteId = uniqueName('site');
    // Requests are spread over the queue group, so these land on either replica.
    await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        heartbeat(siteId, `agent-${index}`, `conn-${index}`),
      ),
    );
    await Promise.all([0, 1, 2].map((index) => setStatus(siteId, `agent-${index}`, 'away')));

    const [first, second] = replicas.map((replica) => replica.server.service);
    if (!first || !second) throw new Error('two replicas expected');
    const expected = { siteId, online: true, agentsOnline: 7, departments: [] };
    expect(await first.availability(siteId)).toEqual(expected);
    expect(await second.availability(siteId)).toEqual(expected);
    expect(await second.onlineAgents(siteId)).toEqual(await first.onlineAgents(siteId));
    for (let round = 0; round < 10; round += 1) {
      expect(await availability(siteId)).toEqual(expected);
    }
    expect(await onlineAgents(siteId)).toHaveLength(10);

    // Either replica alone keeps answering for the site.
    await replicas[0]?.server.stop();
    expect(await availability(siteId)).toEqual(expected);
    await setStatus(siteId, 'agent-0', 'online');
    expect(await second.availability(siteId)).toEqual({
      ...expected,
      agentsOnline: 8,
      departments: [],
    });
  });
});
