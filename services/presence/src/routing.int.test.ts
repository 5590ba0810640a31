import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bus } from '@sapa/bus';
import { DutySettings, type DutySettingsInput } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, type TestServer } from '@sapa/testkit';
import type { Redis } from 'ioredis';
import { servePresence } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import {
  connectTestBus,
  inProcessDuty,
  startPresenceInfra,
  stopPresenceInfra,
  stopReplicas,
  startReplicas,
  type PresenceReplica,
} from './presence.test-support.js';

// Routing over real NATS and Redis with two presence replicas: limits hold under 1,000
// simultaneous new chats, ties go round-robin, a chat is routed once, releases free a slot.

const logger = createLogger('routing-test', 'silent');
const { duties, source: dutySource } = inProcessDuty();

let nats: TestServer;
let redis: Redis;
let client: Bus;
let replicas: PresenceReplica[] = [];

beforeAll(async () => {
  ({ nats, redis } = await startPresenceInfra());
  client = await connectTestBus(nats, 'client', logger);
  const keyPrefix = uniqueName('routing');
  replicas = await startReplicas(nats, 2, logger, (bus) => {
    const store = new PresenceStore(redis, { leaseTtlMs: 60_000, keyTtlMs: 120_000, keyPrefix });
    return servePresence({ bus, store, logger, duty: dutySource, routingRedis: redis, keyPrefix });
  });
});

afterAll(async () => {
  await stopReplicas(replicas);
  await client.drain();
  await stopPresenceInfra({ nats, redis });
});

async function site(duty: DutySettingsInput, agentIds: string[]): Promise<string> {
  const siteId = uniqueName('site');
  duties.set(siteId, DutySettings.parse(duty));
  for (const agentId of agentIds) {
    await client.request('presence.agent-heartbeat', {
      siteId,
      agentId,
      agentName: agentId,
      connectionId: 'c',
    });
  }
  return siteId;
}

const agentIds = (count: number) =>
  Array.from({ length: count }, (_, index) => `agent-${String(index).padStart(2, '0')}`);

describe('routing', () => {
  it('auto-assigns 1,000 simultaneous new chats with no agent over their limit', async () => {
    const agents = agentIds(30);
    const siteId = await site({ routing: 'least-busy', defaultMaxChats: 30 }, agents);
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, index) =>
        client.request(
          'presence.route-chat',
          { siteId, conversationId: `conv-${index}` },
          { timeoutMs: 60_000 },
        ),
      ),
    );
    const perAgent = new Map<string, number>();
    for (const result of results) {
      if (result.kind === 'assign' && result.agentId) {
        perAgent.set(result.agentId, (perAgent.get(result.agentId) ?? 0) + 1);
      }
    }
    // 30 agents × 30 chats = 900 slots: exactly those are taken, the other 100 wait.
    expect(results.filter((result) => result.kind === 'assign')).toHaveLength(900);
    expect(results.filter((result) => result.kind === 'queue')).toHaveLength(100);
    expect(Math.max(...perAgent.values())).toBe(30);
    expect(perAgent.size).toBe(30);
    const loads = await replicas[0]?.server.routing?.loads(siteId);
    expect(Object.values(loads ?? {}).every((load) => load === 30)).toBe(true);
    // A queued chat records why: every agent was at their limit.
    const queued = results.find((result) => result.kind === 'queue');
    expect(queued?.verdicts.every((verdict) => verdict.excludedBecause === 'at-limit')).toBe(true);
    expect(await client.request('presence.availability', { siteId })).toMatchObject({
      online: false,
      eligibleAgents: 0,
    });
  }, 60_000);

  it('breaks ties round-robin, routes a chat once, and frees the slot on release', async () => {
    const siteId = await site({ routing: 'least-busy', defaultMaxChats: 1 }, [
      'ayu',
      'budi',
      'citra',
    ]);
    const route = (conversationId: string) =>
      client.request('presence.route-chat', { siteId, conversationId });
    expect((await route('c1')).agentId).toBe('ayu');
    expect((await route('c2')).agentId).toBe('budi');
    const again = await route('c1');
    expect(again).toMatchObject({ kind: 'assign', agentId: 'ayu', duplicate: true });
    expect((await route('c3')).agentId).toBe('citra');
    expect((await route('c4')).kind).toBe('queue');
    expect(await client.request('presence.release-chat', { siteId, conversationId: 'c2' })).toEqual(
      { agentId: 'budi' },
    );
    expect(await client.request('presence.release-chat', { siteId, conversationId: 'c2' })).toEqual(
      { agentId: null },
    );
    const c4 = await route('c4');
    expect(c4).toMatchObject({ kind: 'assign', agentId: 'budi', mode: 'least-busy' });
    expect(c4.verdicts).toEqual([
      { agentId: 'ayu', activeChats: 1, maxChats: 1, excludedBecause: 'at-limit' },
      { agentId: 'budi', activeChats: 0, maxChats: 1 },
      { agentId: 'citra', activeChats: 1, maxChats: 1, excludedBecause: 'at-limit' },
    ]);
  });

  it('rings every eligible agent of the department by default, and never an away one', async () => {
    const siteId = await site(
      {
        departments: [{ departmentId: 'sales', name: 'Sales' }],
        agents: [
          { agentId: 'ayu', departmentIds: ['sales'] },
          { agentId: 'budi', departmentIds: ['sales'] },
          { agentId: 'citra', departmentIds: [] },
        ],
      },
      ['ayu', 'budi', 'citra'],
    );
    await client.request('presence.set-agent-status', { siteId, agentId: 'budi', status: 'away' });
    const result = await client.request('presence.route-chat', {
      siteId,
      conversationId: 'c1',
      departmentId: 'sales',
    });
    expect(result).toMatchObject({ mode: 'ring-all', kind: 'ring', ring: ['ayu'] });
    expect(result.verdicts.map((verdict) => verdict.excludedBecause)).toEqual([
      undefined,
      'not-online',
      'other-department',
    ]);
  });
});
