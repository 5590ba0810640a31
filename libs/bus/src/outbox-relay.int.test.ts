import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startNats, uniqueName, waitFor } from '@sapa/testkit';
import type { Bus } from './bus.js';
import {
  ArrayOutbox,
  connectBus,
  connectEventsBus,
  conversationEvents,
  storedCount,
  testLogger,
} from './bus.test-support.js';
import { EventPublisher } from './event-publisher.js';
import { ensureEventsStream } from './events-stream.js';
import { OutboxRelay } from './outbox-relay.js';

let bus: Bus;
let publisher: EventPublisher;

beforeAll(async () => {
  ({ bus, publisher } = await connectEventsBus());
});

afterAll(async () => {
  await bus?.drain();
});

/** A relay over `outbox` on the file's publisher (`options`: batch size, interval). */
const relayOver = (
  outbox: ArrayOutbox,
  graceMs: number,
  options: { batchSize?: number; intervalMs?: number } = {},
): OutboxRelay =>
  new OutboxRelay({ source: outbox, publisher, logger: testLogger, graceMs, ...options });

const minutesAgo = (minutes: number): Date => new Date(Date.now() - minutes * 60_000);

describe('outbox relay', () => {
  it('publishes events older than the grace period once and marks them; leaves newer ones alone', async () => {
    const siteId = uniqueName('site');
    const stale = conversationEvents(siteId, 3, minutesAgo(5));
    const fresh = conversationEvents(siteId, 2, new Date());
    const outbox = new ArrayOutbox([...stale, ...fresh]);
    const relay = relayOver(outbox, 60_000);

    await expect(relay.runOnce()).resolves.toBe(3);
    expect([...outbox.published].sort()).toEqual(stale.map((event) => event.id).sort());
    expect(await storedCount(bus, siteId)).toBe(3);

    // Nothing left to do: a second pass publishes nothing and stores nothing.
    await expect(relay.runOnce()).resolves.toBe(0);
    expect(await storedCount(bus, siteId)).toBe(3);
    expect(fresh.some((event) => outbox.published.has(event.id))).toBe(false);
  });

  it('stores an event once when the writer had published it but died before marking it', async () => {
    const siteId = uniqueName('site');
    const events = conversationEvents(siteId, 4, minutesAgo(1));
    await publisher.publish(events.slice(0, 2));
    const outbox = new ArrayOutbox(events);
    const relay = relayOver(outbox, 10_000);
    await expect(relay.runOnce()).resolves.toBe(4);
    expect(outbox.published.size).toBe(4);
    expect(await storedCount(bus, siteId)).toBe(4);
  });

  it('works through a backlog in batches within one pass', async () => {
    const siteId = uniqueName('site');
    const events = conversationEvents(siteId, 7, minutesAgo(1));
    const outbox = new ArrayOutbox(events);
    const relay = relayOver(outbox, 10_000, { batchSize: 3 });
    await expect(relay.runOnce()).resolves.toBe(7);
    expect(outbox.markCalls.map((ids) => ids.length)).toEqual([3, 3, 1]);
    expect(await storedCount(bus, siteId)).toBe(7);
  });

  it('runs at start and then on its interval until stopped', async () => {
    const siteId = uniqueName('site');
    const [first, second] = conversationEvents(siteId, 2, minutesAgo(1));
    if (!first || !second) throw new Error('no events');
    const outbox = new ArrayOutbox([first]);
    const relay = relayOver(outbox, 10_000, { intervalMs: 50 });
    relay.start();
    try {
      await waitFor(() => outbox.published.has(first.id), { description: 'relayed at start' });
      // Stored later by a writer that then died: a later pass picks it up.
      outbox.events.push(second);
      await waitFor(() => outbox.published.has(second.id), {
        description: 'relayed on the interval',
      });
    } finally {
      await relay.stop();
    }
    expect(await storedCount(bus, siteId)).toBe(2);
  });

  it('does not overlap passes: concurrent runOnce calls share one pass', async () => {
    const siteId = uniqueName('site');
    const outbox = new ArrayOutbox(conversationEvents(siteId, 5, minutesAgo(1)));
    const relay = relayOver(outbox, 10_000);
    const counts = await Promise.all([relay.runOnce(), relay.runOnce(), relay.runOnce()]);
    expect(counts).toEqual([5, 5, 5]);
    expect(outbox.markCalls).toHaveLength(1);
  });
});

describe('outbox relay when NATS is down', () => {
  it('marks nothing while publishing fails, and publishes everything once NATS is back', async () => {
    const nats = await startNats();
    const ownBus = await connectBus(nats.url);
    try {
      await ensureEventsStream(ownBus);
      const siteId = uniqueName('site');
      const events = conversationEvents(siteId, 3, minutesAgo(1));
      const outbox = new ArrayOutbox(events);
      const ownPublisher = new EventPublisher(ownBus, testLogger, { timeoutMs: 500 });
      const relay = new OutboxRelay({
        source: outbox,
        publisher: ownPublisher,
        logger: testLogger,
        graceMs: 10_000,
      });

      await nats.kill();
      await expect(relay.runOnce()).rejects.toMatchObject({ code: 'unavailable' });
      expect(outbox.markCalls).toEqual([]);

      await nats.restart();
      await waitFor(() => relay.runOnce().then((count) => count === 3), {
        description: 'relay pass after restart',
        timeoutMs: 20_000,
      });
      expect(outbox.published.size).toBe(3);
      expect(await storedCount(ownBus, siteId)).toBe(3);
    } finally {
      await ownBus.drain();
      await nats.dispose();
    }
  });
});
