import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { testInfra, uniqueName } from '@sapa/testkit';
import { Redis } from 'ioredis';
import { ChatQueueStore } from './chat-queue.store.js';
import { RoutingService } from './routing.service.js';
import { DEFAULT_DUTY } from './duty/duty.cache.js';

// The chat queue's scripts on a real Redis: the line, claims moving loads, requeueing an
// agent's chats, and SLA escalations taken by exactly one of several replicas.

let redis: Redis;
let second: Redis;
let keyPrefix: string;
let replicas: ChatQueueStore[];
let routing: RoutingService;

beforeAll(async () => {
  redis = new Redis(testInfra().redisUrl, { lazyConnect: true });
  await redis.connect();
  keyPrefix = uniqueName('queue');
  // Two stores on two connections: the scripts, not one connection's ordering, must hold.
  second = redis.duplicate();
  replicas = [new ChatQueueStore(redis, keyPrefix), new ChatQueueStore(second, keyPrefix)];
  routing = new RoutingService(
    redis,
    { get: () => Promise.resolve(DEFAULT_DUTY) },
    () => Promise.resolve([]),
    keyPrefix,
  );
});

afterAll(async () => {
  await Promise.all([redis.quit(), second.quit()]);
});

const chat = (
  siteId: string,
  conversationId: string,
  startedAt: number,
  departmentId?: string,
) => ({
  siteId,
  conversationId,
  startedAt,
  ...(departmentId === undefined ? {} : { departmentId }),
});

describe('chat queue store', () => {
  it('keeps the line in start order; a claim takes a chat out and onto the agent, a move moves the load', async () => {
    const [store] = replicas as [ChatQueueStore];
    const siteId = uniqueName('site');
    expect(await store.track(chat(siteId, 'c2', 2_000, 'sd'), 60_000)).toBe(true);
    expect(await store.track(chat(siteId, 'c1', 1_000), 60_000)).toBe(true);
    expect(await store.track(chat(siteId, 'c1', 1_000), 60_000)).toBe(false);
    expect((await store.waiting(siteId)).map((each) => each.conversationId)).toEqual(['c1', 'c2']);
    expect((await store.waiting(siteId))[1]).toEqual(chat(siteId, 'c2', 2_000, 'sd'));

    expect(await store.claimed(siteId, 'c1', 'ayu')).toBe(true);
    expect(await store.claimed(siteId, 'c1', 'ayu')).toBe(false);
    expect((await store.waiting(siteId)).map((each) => each.conversationId)).toEqual(['c2']);
    expect(await routing.loads(siteId)).toEqual({ ayu: 1 });
    // The chat moves to Budi (e.g. assigned while Ayu was claiming): one load moves with it.
    expect(await store.claimed(siteId, 'c1', 'budi')).toBe(true);
    expect(await routing.loads(siteId)).toEqual({ budi: 1 });

    expect(await store.forget(siteId, 'c1')).toBe('budi');
    expect(await routing.loads(siteId)).toEqual({});
    expect(await store.forget(siteId, 'c2')).toBeNull();
    expect(await store.waiting(siteId)).toEqual([]);
    expect(await store.activeSites()).not.toContain(siteId);
  });

  it("requeues exactly the offline agent's chats, at their original place", async () => {
    const [store] = replicas as [ChatQueueStore];
    const siteId = uniqueName('site');
    for (const [id, at] of [
      ['a', 1_000],
      ['b', 2_000],
      ['c', 3_000],
    ] as const) {
      await store.track(chat(siteId, id, at), 60_000);
    }
    await store.claimed(siteId, 'a', 'ayu');
    await store.claimed(siteId, 'b', 'budi');
    await store.claimed(siteId, 'c', 'ayu');

    const back = await store.requeue(siteId, 'ayu');
    expect(back.map((each) => each.conversationId).sort()).toEqual(['a', 'c']);
    expect((await store.waiting(siteId)).map((each) => each.conversationId)).toEqual(['a', 'c']);
    expect(await routing.loads(siteId)).toEqual({ budi: 1 });
    expect(await store.requeue(siteId, 'ayu')).toEqual([]);
  });

  it('an escalation due is taken by one replica only, agents first and supervisors one SLA later', async () => {
    const siteId = uniqueName('site');
    const [first, second] = replicas as [ChatQueueStore, ChatQueueStore];
    const ids = Array.from({ length: 50 }, (_, index) => `c${index}`);
    for (const id of ids) await first.track(chat(siteId, id, 1_000), 1_000);
    // Not due yet.
    expect(await first.takeDue(siteId, 1_999, 1_000)).toEqual([]);

    const taken = await Promise.all([
      first.takeDue(siteId, 2_000, 1_000),
      second.takeDue(siteId, 2_000, 1_000),
      first.takeDue(siteId, 2_000, 1_000),
    ]);
    const agents = taken.flat();
    expect(agents.map((due) => due.chat.conversationId).sort()).toEqual([...ids].sort());
    expect(new Set(agents.map((due) => due.level))).toEqual(new Set(['agents']));

    // An answered chat stops its timer; the rest reach the supervisors one SLA later, once.
    await first.answered(siteId, 'c0');
    expect(await second.takeDue(siteId, 2_999, 1_000)).toEqual([]);
    const supervisors = [
      ...(await second.takeDue(siteId, 3_000, 1_000)),
      ...(await first.takeDue(siteId, 3_000, 1_000)),
    ];
    expect(supervisors).toHaveLength(49);
    expect(supervisors.every((due) => due.level === 'supervisors')).toBe(true);
    expect(await first.takeDue(siteId, 99_000, 1_000)).toEqual([]);
  });

  it('parks chats nobody could take, first in line first', async () => {
    const [store] = replicas as [ChatQueueStore];
    const siteId = uniqueName('site');
    await store.track(chat(siteId, 'late', 2_000), 60_000);
    await store.track(chat(siteId, 'early', 1_000), 60_000);
    await store.park(siteId, 'late', true);
    await store.park(siteId, 'early', true);
    expect((await store.parked(siteId)).map((each) => each.conversationId)).toEqual([
      'early',
      'late',
    ]);
    await store.claimed(siteId, 'early', 'ayu');
    await store.park(siteId, 'late', false);
    expect(await store.parked(siteId)).toEqual([]);
  });
});
