import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@sapa/bus';
import { LiveVisitorsChanged, VISITORS_SEEN_BATCH_MAX, liveVisitorsSubject } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { startNats, uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import type { Redis } from 'ioredis';
import { servePresence, type PresenceServer } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import { startPresenceSweeper } from './presence.sweeper.js';
import { connectTestBus, startPresenceInfra, stopPresenceInfra } from './presence.test-support.js';
import { VisitorStore, visitorKeys } from './visitors.store.js';

// The live-visitor registry over real NATS and Redis, handlers in-process, with its own NATS
// server (the RPC subjects are fixed) and its own key prefix and site ids per test.

const TTL_MS = 400;
const logger = createLogger('visitors-test', 'silent');

let nats: TestServer;
let redis: Redis;
let bus: Bus;
let server: PresenceServer;
let keyPrefix: string;

beforeAll(async () => {
  ({ nats, redis } = await startPresenceInfra());
  bus = await connectTestBus(nats, 'visitors', logger);
  keyPrefix = uniqueName('visitors-test');
  const options = { leaseTtlMs: TTL_MS, keyTtlMs: 4 * TTL_MS, keyPrefix };
  server = servePresence({
    bus,
    store: new PresenceStore(redis, options),
    visitorStore: new VisitorStore(redis, options),
    logger,
  });
});

afterAll(async () => {
  await server.stop();
  await bus.drain();
  await stopPresenceInfra({ nats, redis });
});

/** Collects the site's change announcements. */
function watch(siteId: string, on: Bus = bus) {
  const seen: LiveVisitorsChanged[] = [];
  const subscription = on.subscribe(liveVisitorsSubject(siteId), (payload) => {
    seen.push(LiveVisitorsChanged.parse(payload));
  });
  return { seen, stop: () => subscription.unsubscribe() };
}

const page = (url: string, title?: string) => (title === undefined ? { url } : { url, title });

describe('live visitors', () => {
  it('registers a visitor with page and info, lists them, and announces arrival, navigation and departure', async () => {
    const siteId = uniqueName('site');
    const visitorId = uniqueName('v');
    const changes = watch(siteId);
    const first = await bus.request('presence.visitor-seen', {
      siteId,
      visitorId,
      connectionId: 'c1',
      page: { url: 'https://agency.example/', title: 'Home', referrer: 'https://google.com/' },
      info: { device: 'mobile', language: 'id-ID', userAgent: 'UA', name: 'Budi' },
    });
    expect(first.visitor).toMatchObject({
      visitorId,
      url: 'https://agency.example/',
      title: 'Home',
      referrer: 'https://google.com/',
      device: 'mobile',
      language: 'id-ID',
      name: 'Budi',
    });
    expect(first.visitor.connectedAt).toBe(first.visitor.lastSeenAt);

    await bus.request('presence.visitor-seen', {
      siteId,
      visitorId,
      connectionId: 'c1',
      page: page('https://agency.example/pricing', 'Pricing'),
      info: { device: 'mobile' },
    });
    const { visitors } = await bus.request('presence.live-visitors', { siteId });
    expect(visitors).toHaveLength(1);
    expect(visitors[0]).toMatchObject({
      visitorId,
      url: 'https://agency.example/pricing',
      title: 'Pricing',
    });
    expect(visitors[0]?.connectedAt).toBe(first.visitor.connectedAt);

    const gone = await bus.request('presence.visitor-gone', {
      siteId,
      visitorId,
      connectionId: 'c1',
    });
    expect(gone.visitor).toBeNull();
    expect((await bus.request('presence.live-visitors', { siteId })).visitors).toEqual([]);
    await waitFor(() => changes.seen.length >= 3, { description: 'three announcements' });
    expect(changes.seen.map((change) => change.change)).toEqual(['arrived', 'updated', 'left']);
    changes.stop();
  });

  it('keeps a visitor with two tabs until the last closes; a refresh does not replace the page', async () => {
    const siteId = uniqueName('site');
    const visitorId = uniqueName('v');
    const changes = watch(siteId);
    const seen = (connectionId: string, url: string, refresh?: boolean) =>
      bus.request('presence.visitor-seen', {
        siteId,
        visitorId,
        connectionId,
        page: page(url),
        ...(refresh === undefined ? {} : { refresh }),
      });
    await seen('tab1', 'https://a.example/one');
    await seen('tab2', 'https://a.example/two');
    const refreshed = await seen('tab1', 'https://a.example/one', true);
    expect(refreshed.visitor.url).toBe('https://a.example/two');

    const afterFirst = await bus.request('presence.visitor-gone', {
      siteId,
      visitorId,
      connectionId: 'tab1',
    });
    expect(afterFirst.visitor?.url).toBe('https://a.example/two');
    expect((await bus.request('presence.live-visitors', { siteId })).visitors).toHaveLength(1);
    await bus.request('presence.visitor-gone', { siteId, visitorId, connectionId: 'tab2' });
    // Idempotent: a second close changes nothing and announces nothing.
    await bus.request('presence.visitor-gone', { siteId, visitorId, connectionId: 'tab2' });
    await waitFor(() => changes.seen.some((change) => change.change === 'left'));
    expect(changes.seen.map((change) => change.change)).toEqual(['arrived', 'updated', 'left']);
    changes.stop();
  });

  it('drops a visitor whose gateway died once the lease lapses, announced once by the sweeper', async () => {
    const siteId = uniqueName('site');
    const visitorId = uniqueName('v');
    const changes = watch(siteId);
    const store = new VisitorStore(redis, { leaseTtlMs: TTL_MS, keyTtlMs: 4 * TTL_MS, keyPrefix });
    await bus.request('presence.visitor-seen', {
      siteId,
      visitorId,
      connectionId: 'c1',
      page: page('/'),
    });
    const sweeper = startPresenceSweeper({
      store: new PresenceStore(redis, { leaseTtlMs: TTL_MS, keyTtlMs: 4 * TTL_MS, keyPrefix }),
      service: server.service,
      visitors: server.visitors,
      logger,
      intervalMs: 50,
    });
    try {
      await waitFor(() => changes.seen.some((change) => change.change === 'left'), {
        timeoutMs: 5_000,
        description: 'lapse announced',
      });
      expect((await store.readSite(siteId)).visitors).toEqual([]);
      expect(await redis.exists(visitorKeys(siteId, keyPrefix).visitor(visitorId))).toBe(0);
      expect(changes.seen.filter((change) => change.change === 'left')).toHaveLength(1);
    } finally {
      await sweeper.stop();
      changes.stop();
    }
  });

  it('keeps sites apart and validates requests', async () => {
    const siteA = uniqueName('site');
    const siteB = uniqueName('site');
    await bus.request('presence.visitor-seen', {
      siteId: siteA,
      visitorId: 'v1',
      connectionId: 'c',
      page: page('/a'),
    });
    expect((await bus.request('presence.live-visitors', { siteId: siteB })).visitors).toEqual([]);
    await expect(
      bus.request('presence.visitor-seen', {
        siteId: 'bad.site',
        visitorId: 'v1',
        connectionId: 'c',
        page: page('/'),
      }),
    ).rejects.toThrow();
  });

  it('rebuilds a visitor from the next heartbeat after Redis lost everything', async () => {
    const siteId = uniqueName('site');
    const visitorId = uniqueName('v');
    await bus.request('presence.visitor-seen', {
      siteId,
      visitorId,
      connectionId: 'c',
      page: page('/x', 'X'),
    });
    const keys = visitorKeys(siteId, keyPrefix);
    await redis.del(keys.visitors, keys.visitor(visitorId), keys.connections(visitorId));
    const rebuilt = await bus.request('presence.visitor-seen', {
      siteId,
      visitorId,
      connectionId: 'c',
      page: page('/x', 'X'),
      refresh: true,
    });
    expect(rebuilt.visitor).toMatchObject({ url: '/x', title: 'X' });
    expect((await bus.request('presence.live-visitors', { siteId })).visitors).toHaveLength(1);
  });
});

// Batches get their own presence server with a lease far longer than the test: the suite's
// 400 ms lease would let site A's visitors lapse while a loaded machine runs the test.
describe('live visitors in batches', () => {
  let batchNats: TestServer;
  let batchBus: Bus;
  let batchServer: PresenceServer;

  beforeAll(async () => {
    batchNats = await startNats({ jetstream: false });
    batchBus = await Bus.connect({ servers: batchNats.url, name: uniqueName('batches'), logger });
    const options = { leaseTtlMs: 60_000, keyTtlMs: 120_000, keyPrefix: uniqueName('batches') };
    batchServer = servePresence({
      bus: batchBus,
      store: new PresenceStore(redis, options),
      visitorStore: new VisitorStore(redis, options),
      logger,
    });
  });

  afterAll(async () => {
    await batchServer?.stop();
    await batchBus?.drain();
    await batchNats?.dispose();
  });

  it('stores and removes a batch of sockets in one request each: arrivals announced, a renewal keeps the page, a bad batch stores nothing', async () => {
    const [siteA, siteB, siteC] = [uniqueName('site'), uniqueName('site'), uniqueName('site')];
    const changes = watch(siteA, batchBus);
    const entry = (siteId: string, index: number, url = `/p${index}`) => ({
      siteId,
      visitorId: `v${index}`,
      connectionId: `c${index}`,
      page: page(url),
    });
    const batch = Array.from({ length: VISITORS_SEEN_BATCH_MAX }, (_, index) =>
      entry(index % 2 === 0 ? siteA : siteB, index),
    );
    await expect(batchBus.request('presence.visitors-seen', { visitors: batch })).resolves.toEqual({
      stored: VISITORS_SEEN_BATCH_MAX,
      failed: 0,
    });
    const listA = (await batchBus.request('presence.live-visitors', { siteId: siteA })).visitors;
    expect(listA).toHaveLength(VISITORS_SEEN_BATCH_MAX / 2);
    expect(listA.find((visitor) => visitor.visitorId === 'v2')?.url).toBe('/p2');
    await waitFor(() => changes.seen.length === VISITORS_SEEN_BATCH_MAX / 2, {
      description: "site A's arrivals",
    });
    expect(new Set(changes.seen.map((change) => change.change))).toEqual(new Set(['arrived']));

    await batchBus.request('presence.visitors-seen', {
      visitors: [{ ...entry(siteA, 2, '/elsewhere'), refresh: true }],
    });
    const renewed = (await batchBus.request('presence.live-visitors', { siteId: siteA })).visitors;
    expect(renewed.find((visitor) => visitor.visitorId === 'v2')?.url).toBe('/p2');

    // Site B's sockets all close at once: one request, every visitor gone.
    const leaving = batch
      .filter((each) => each.siteId === siteB)
      .map(({ siteId, visitorId, connectionId }) => ({ siteId, visitorId, connectionId }));
    await expect(
      batchBus.request('presence.visitors-gone', { visitors: leaving }),
    ).resolves.toEqual({
      removed: leaving.length,
      failed: 0,
    });
    expect((await batchBus.request('presence.live-visitors', { siteId: siteB })).visitors).toEqual(
      [],
    );
    expect(
      (await batchBus.request('presence.live-visitors', { siteId: siteA })).visitors,
    ).toHaveLength(VISITORS_SEEN_BATCH_MAX / 2);

    // Too many entries, or one invalid entry: the whole request is refused, nothing stored.
    const tooMany = Array.from({ length: VISITORS_SEEN_BATCH_MAX + 1 }, (_, index) =>
      entry(siteC, index),
    );
    await expect(
      batchBus.request('presence.visitors-seen', { visitors: tooMany }),
    ).rejects.toThrow();
    await expect(
      batchBus.request('presence.visitors-seen', {
        visitors: [entry(siteC, 1), { ...entry(siteC, 2), siteId: 'bad.site' }],
      }),
    ).rejects.toThrow();
    expect((await batchBus.request('presence.live-visitors', { siteId: siteC })).visitors).toEqual(
      [],
    );
    changes.stop();
  });
});
