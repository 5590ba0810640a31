import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testInfra, uniqueName, waitFor } from '@sapa/testkit';
import { Redis } from 'ioredis';
import { PresenceStore, presenceKeys, sitesIndexKey } from './presence.store.js';

// The store on a real Redis: key layout, leases, key TTLs, pruning and atomic hand-over of
// lapsed agents. The RPC behaviour on top is covered by presence.handlers.int.test.ts.

let redis: Redis;

beforeAll(async () => {
  redis = new Redis(testInfra().redisUrl, { lazyConnect: true });
  await redis.connect();
});

afterAll(async () => {
  await redis.quit();
});

const newStore = (leaseTtlMs: number, keyTtlMs: number) => {
  const keyPrefix = uniqueName('presence');
  return { keyPrefix, store: new PresenceStore(redis, { leaseTtlMs, keyTtlMs, keyPrefix }) };
};

const agentInput = (siteId: string, agentId = 'agent-1', connectionId = 'conn-1') => ({
  siteId,
  agentId,
  agentName: 'Ayu',
  connectionId,
});

describe('PresenceStore', () => {
  it('lays out a site under one hash-tagged prefix, with leases scored by expiry', async () => {
    const { store, keyPrefix } = newStore(30_000, 70_000);
    const siteId = uniqueName('site');
    const sentAt = Date.now();
    const change = await store.heartbeat(agentInput(siteId));
    const keys = presenceKeys(siteId, keyPrefix);

    expect(keys.agents).toBe(`${keyPrefix}:{${siteId}}:agents`);
    expect(await redis.hgetall(keys.agent('agent-1'))).toEqual({
      name: 'Ayu',
      status: 'online',
      lastSeenAt: String(change.now),
    });
    const leases = await redis.zrange(keys.connections('agent-1'), 0, '-1', 'WITHSCORES');
    expect(leases).toEqual(['conn-1', String(change.now + 30_000)]);
    expect(await redis.zscore(keys.agents, 'agent-1')).toBe(String(change.now + 30_000));
    expect(await redis.zscore(sitesIndexKey(keyPrefix), siteId)).toBe(String(change.now + 30_000));
    // Redis's clock, which the leases use, agrees with ours on one machine.
    expect(Math.abs(change.now - sentAt)).toBeLessThan(5_000);

    for (const key of [keys.agent('agent-1'), keys.connections('agent-1'), keys.agents]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(30_000);
      expect(ttl).toBeLessThanOrEqual(70_000);
    }
  });

  it('returns the state before and after each operation', async () => {
    const { store } = newStore(30_000, 70_000);
    const siteId = uniqueName('site');

    const first = await store.heartbeat(agentInput(siteId));
    expect(first.before).toBeUndefined();
    expect(first.after).toMatchObject({ agentId: 'agent-1', chosenStatus: 'online' });

    const away = await store.setStatus({ siteId, agentId: 'agent-1', status: 'away' });
    expect(away.before?.chosenStatus).toBe('online');
    expect(away.after?.chosenStatus).toBe('away');

    // A later heartbeat keeps the chosen status.
    const second = await store.heartbeat(agentInput(siteId, 'agent-1', 'conn-2'));
    expect(second.after?.chosenStatus).toBe('away');
    expect(second.after?.connections.map((lease) => lease.connectionId).sort()).toEqual([
      'conn-1',
      'conn-2',
    ]);

    const gone = await store.disconnect({
      siteId,
      agentId: 'agent-1',
      connectionId: 'conn-1',
      graceMs: 0,
    });
    expect(gone.after?.connections.map((lease) => lease.connectionId)).toEqual(['conn-2']);
  });

  it('knows nothing of an agent that never sent a heartbeat', async () => {
    const { store, keyPrefix } = newStore(30_000, 70_000);
    const siteId = uniqueName('site');
    const status = await store.setStatus({ siteId, agentId: 'ghost', status: 'away' });
    expect(status.before).toBeUndefined();
    expect(status.after).toBeUndefined();
    const disconnect = await store.disconnect({
      siteId,
      agentId: 'ghost',
      connectionId: 'c',
      graceMs: 0,
    });
    expect(disconnect.after).toBeUndefined();
    // Neither call created anything.
    expect(await redis.exists(presenceKeys(siteId, keyPrefix).agent('ghost'))).toBe(0);
  });

  it('keeps a disconnected lease for at most the grace period', async () => {
    const { store, keyPrefix } = newStore(30_000, 70_000);
    const siteId = uniqueName('site');
    await store.heartbeat(agentInput(siteId));
    const change = await store.disconnect({
      siteId,
      agentId: 'agent-1',
      connectionId: 'conn-1',
      graceMs: 2_000,
    });
    expect(change.after?.connections).toEqual([
      { connectionId: 'conn-1', expiresAt: change.now + 2_000 },
    ]);
    expect(await redis.zscore(presenceKeys(siteId, keyPrefix).agents, 'agent-1')).toBe(
      String(change.now + 2_000),
    );
  });

  it('prunes lapsed leases on read and hands each lapsed agent to one reader only', async () => {
    const { store, keyPrefix } = newStore(300, 2_000);
    const siteId = uniqueName('site');
    await store.heartbeat(agentInput(siteId, 'agent-1'));
    const fresh = await store.readSite(siteId);
    expect(fresh.agents.map((agent) => agent.agentId)).toEqual(['agent-1']);
    expect(fresh.lapsed).toEqual([]);

    // Two replicas read concurrently once the lease ran out: exactly one sees the lapse.
    const other = new PresenceStore(redis, { leaseTtlMs: 300, keyTtlMs: 2_000, keyPrefix });
    const reads = await waitFor(
      async () => {
        const both = await Promise.all([store.readSite(siteId), other.readSite(siteId)]);
        return both.some((read) => read.lapsed.length > 0) ? both : undefined;
      },
      { timeoutMs: 5_000, description: 'the lease to lapse' },
    );
    expect(reads.flatMap((read) => read.lapsed.map((agent) => agent.agentId))).toEqual(['agent-1']);
    expect(reads.every((read) => read.agents.length === 0)).toBe(true);
    expect(await redis.zcard(presenceKeys(siteId, keyPrefix).connections('agent-1'))).toBe(0);
    expect((await store.readSite(siteId)).lapsed).toEqual([]);
  });

  it("lets a silent agent's keys expire by themselves", async () => {
    const { store, keyPrefix } = newStore(150, 400);
    const siteId = uniqueName('site');
    await store.heartbeat(agentInput(siteId));
    const keys = presenceKeys(siteId, keyPrefix);
    await waitFor(
      async () =>
        (await redis.exists(keys.agent('agent-1'), keys.connections('agent-1'), keys.agents)) === 0,
      { timeoutMs: 5_000, description: 'the presence keys to expire' },
    );
  });

  it('lists active sites and forgets those idle since a given time', async () => {
    const { store } = newStore(30_000, 70_000);
    const siteId = uniqueName('site');
    await store.heartbeat(agentInput(siteId));
    expect(await store.activeSites()).toEqual([siteId]);
    await store.forgetSitesIdleSince(await store.now());
    expect(await store.activeSites()).toEqual([siteId]);
    await store.forgetSitesIdleSince((await store.now()) + 60_000);
    expect(await store.activeSites()).toEqual([]);
  });

  it('refuses a key TTL that would not outlive the lease', () => {
    expect(() => new PresenceStore(redis, { leaseTtlMs: 1_000, keyTtlMs: 1_000 })).toThrow(
      RangeError,
    );
  });
});
