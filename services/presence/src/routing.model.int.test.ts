import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  DutySettings,
  type AgentPresence,
  type DutySettingsInput,
  type RoutingResult,
} from '@sapa/contracts';
import { WEEKDAYS } from '@sapa/domain';
import { testInfra, uniqueName } from '@sapa/testkit';
import { Redis } from 'ioredis';
import { routingKeys } from './chat-queue.store.js';
import { candidatesOf } from './duty/availability.rules.js';
import type { DutySource } from './duty/duty.cache.js';
import { decideRoute } from './duty/routing.rules.js';
import { RoutingService } from './routing.service.js';

// Least-busy routing runs as a Lua script (routing.scripts.ts) because the choice and the
// reservation must be one atomic step; `decideRoute` is its specification. This test proves
// they agree: seeded pseudo-random sites (statuses, departments, rosters, limits, loads, a
// round-robin cursor) routed through RoutingService against real Redis, a few chats in a row
// per site, each result compared with the model's. A failure names its seed; replay one with
// SAPA_ROUTING_SEED=<seed> (and SAPA_ROUTING_CASES=1).

const CASES = Number(process.env.SAPA_ROUTING_CASES ?? 300);
const FIRST_SEED = Number(process.env.SAPA_ROUTING_SEED ?? 20_261_201);

/** mulberry32: a small, fast, well-spread 32-bit generator; the same seed gives the same case. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
  const chance = (p: number): boolean => next() < p;
  const some = <T>(items: readonly T[], p: number): T[] => items.filter(() => chance(p));
  return { int, pick, chance, some };
}

// Ids that sort differently by code unit than by a human collation (case, digits, - and _).
const ID_POOL = ['ayu', 'Budi', 'budi', 'citra', 'D-1', 'd_2', 'eko', '0x', 'Z', 'zz'] as const;
const DEPARTMENTS = ['sales', 'support'] as const;

interface Case {
  readonly duty: DutySettingsInput;
  readonly agents: AgentPresence[];
  readonly loads: Record<string, number>;
  readonly cursor: string | undefined;
  readonly chats: (string | undefined)[];
}

function generate(seed: number): Case {
  const random = generator(seed);
  const ids = random.some(ID_POOL, 0.5);
  const onDuty = random.some(ids, 0.7);
  const duty: DutySettingsInput = {
    routing: 'least-busy',
    defaultMaxChats: random.int(1, 3),
    departments: DEPARTMENTS.map((departmentId) => ({
      departmentId,
      name: departmentId,
      routing: 'least-busy' as const,
    })),
    agents: ids
      .filter(() => random.chance(0.8))
      .map((agentId) => ({
        agentId,
        departmentIds: random.some(DEPARTMENTS, 0.5),
        ...(random.chance(0.5) ? { maxChats: random.int(1, 4) } : {}),
      })),
    // All day every day, so who is on duty does not depend on when the test runs.
    roster: random.chance(0.4)
      ? WEEKDAYS.map((weekday) => ({ weekday, start: '00:00', end: '24:00', agentIds: onDuty }))
      : [],
  };
  const agents = ids.map((agentId) => ({
    agentId,
    name: agentId,
    status: random.pick(['online', 'online', 'online', 'away', 'offline'] as const),
    lastSeenAt: 0,
    connections: 1,
  }));
  const loads: Record<string, number> = {};
  for (const agentId of random.some(ID_POOL, 0.6)) loads[agentId] = random.int(1, 4);
  const cursor = random.chance(0.7) ? random.pick(ID_POOL) : undefined;
  const chats = Array.from({ length: random.int(1, 6) }, () =>
    random.chance(0.6) ? undefined : random.pick(DEPARTMENTS),
  );
  return { duty, agents, loads, cursor, chats };
}

const keyPrefix = uniqueName('routing-model');
const duties = new Map<string, DutySettings>();
const agentsOf = new Map<string, AgentPresence[]>();
const dutySource: DutySource = {
  get: (siteId) => Promise.resolve(duties.get(siteId) ?? DutySettings.parse({})),
};
let redis: Redis;
let routing: RoutingService;

beforeAll(async () => {
  redis = new Redis(testInfra().redisUrl, { lazyConnect: true });
  await redis.connect();
  routing = new RoutingService(
    redis,
    dutySource,
    (siteId) => Promise.resolve(agentsOf.get(siteId) ?? []),
    keyPrefix,
  );
});

afterAll(async () => {
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

/** Routes the case's chats one after another; returns the first disagreement, if any. */
async function disagreement(seed: number): Promise<string | undefined> {
  const input = generate(seed);
  const siteId = `site-${seed}`;
  const duty = DutySettings.parse(input.duty);
  duties.set(siteId, duty);
  agentsOf.set(siteId, input.agents);
  const keys = routingKeys(siteId, keyPrefix);
  if (Object.keys(input.loads).length > 0) await redis.hset(keys.loads, input.loads);
  if (input.cursor !== undefined) await redis.set(keys.cursor, input.cursor);

  const loads = { ...input.loads };
  let cursor = input.cursor;
  for (const [index, departmentId] of input.chats.entries()) {
    const candidates = candidatesOf({
      duty,
      agents: input.agents,
      loads,
      now: Date.now(),
      departmentId,
    });
    const decision = decideRoute({
      mode: 'least-busy',
      candidates,
      departmentId,
      lastAssignedAgentId: cursor,
    });
    const expected: RoutingResult = {
      mode: 'least-busy',
      kind: decision.kind === 'assign' ? 'assign' : 'queue',
      ...(decision.kind === 'assign' ? { agentId: decision.agentId } : {}),
      verdicts: [...decision.verdicts],
      duplicate: false,
    };
    const actual = await routing.route({ siteId, conversationId: `c${index}`, departmentId });
    if (!isDeepStrictEqual(actual, expected)) {
      const state = { chat: index, departmentId, loads, cursor };
      return JSON.stringify({ seed, input, state, expected, actual }, null, 1);
    }
    if (decision.kind === 'assign') {
      loads[decision.agentId] = (loads[decision.agentId] ?? 0) + 1;
      cursor = decision.agentId;
    }
  }
  return undefined;
}

describe('least-busy routing: the Lua script against its model', () => {
  it(`agrees with decideRoute on ${CASES} generated sites (seeds from ${FIRST_SEED})`, async () => {
    const kinds = { assign: 0, queue: 0 };
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed += 1) {
      const failure = await disagreement(seed);
      if (failure !== undefined)
        throw new Error(`the script disagrees with decideRoute (seed ${seed}):\n${failure}`);
      const assigned = await redis.hlen(routingKeys(`site-${seed}`, keyPrefix).assigned);
      kinds.assign += assigned;
      kinds.queue += generate(seed).chats.length - assigned;
    }
    // The generator covers both outcomes often, or the agreement would prove little.
    expect(kinds.assign).toBeGreaterThan(CASES / 2);
    expect(kinds.queue).toBeGreaterThan(CASES / 4);
  }, 120_000);
});
