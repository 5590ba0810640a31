import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENTS_STREAM, type StoredEvent } from '@sapa/contracts';
import { startNats, testInfra, uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import type { Bus } from './bus.js';
import {
  connectBus,
  connectEventsBus,
  conversationEvents,
  siteEventsFilter,
  testLogger,
} from './bus.test-support.js';
import { consumeEvents } from './event-consumer.js';
import { EventPublisher } from './event-publisher.js';
import { ensureEventsStream } from './events-stream.js';

let bus: Bus;
let publisher: EventPublisher;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ({ bus, publisher } = await connectEventsBus());
});

afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

afterAll(async () => {
  await bus?.drain();
});

/** A consumer that records what it handled; `fail` decides per delivery whether the handler throws. */
async function recordingConsumer(options: {
  bus?: Bus;
  durable: string;
  siteId: string;
  fail?: (event: StoredEvent, attempt: number) => boolean;
}): Promise<{ handled: StoredEvent[]; attempts: Map<string, number>; stop(): Promise<void> }> {
  const handled: StoredEvent[] = [];
  const attempts = new Map<string, number>();
  const consumer = await consumeEvents({
    bus: options.bus ?? bus,
    durable: options.durable,
    filterSubjects: [siteEventsFilter(options.siteId)],
    logger: testLogger,
    ackWaitMs: 5_000,
    handle: (event) => {
      const attempt = (attempts.get(event.id) ?? 0) + 1;
      attempts.set(event.id, attempt);
      if (options.fail?.(event, attempt))
        return Promise.reject(new Error(`handler failed on attempt ${attempt}`));
      handled.push(event);
      return Promise.resolve();
    },
  });
  stops.push(() => consumer.stop());
  return { handled, attempts, stop: () => consumer.stop() };
}

/** Waits until the durable has nothing pending and nothing unacknowledged. */
async function settled(on: Bus, durable: string): Promise<void> {
  const jsm = await on.jetstreamManager();
  await waitFor(
    async () => {
      const info = await jsm.consumers.info(EVENTS_STREAM, durable);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    },
    { description: `consumer ${durable} settled`, timeoutMs: 20_000 },
  );
}

const ids = (events: readonly StoredEvent[]): string[] => events.map((event) => event.id);

describe('durable event consumer', () => {
  it('receives each event once, in order, parsed', async () => {
    const siteId = uniqueName('site');
    const durable = uniqueName('durable');
    const events = conversationEvents(siteId, 5);
    await publisher.publish(events);
    const consumer = await recordingConsumer({ durable, siteId });
    await waitFor(() => consumer.handled.length >= 5, { description: 'five events' });
    await settled(bus, durable);
    expect(ids(consumer.handled)).toEqual(ids(events));
    expect(consumer.handled).toEqual(events);
    const info = await (await bus.jetstreamManager()).consumers.info(EVENTS_STREAM, durable);
    expect(info.num_redelivered).toBe(0);
  });

  it('sees only its own filter', async () => {
    const siteId = uniqueName('site');
    const otherSite = uniqueName('site');
    const durable = uniqueName('durable');
    const consumer = await recordingConsumer({ durable, siteId });
    await publisher.publish([
      ...conversationEvents(otherSite, 2),
      ...conversationEvents(siteId, 2),
    ]);
    await waitFor(() => consumer.handled.length >= 2, { description: 'own events' });
    await settled(bus, durable);
    expect(consumer.handled.every((event) => event.siteId === siteId)).toBe(true);
    expect(consumer.handled).toHaveLength(2);
  });

  it('resumes after stop/start without redelivering acknowledged events', async () => {
    const siteId = uniqueName('site');
    const durable = uniqueName('durable');
    const events = conversationEvents(siteId, 6);
    await publisher.publish(events.slice(0, 3));
    const before = await recordingConsumer({ durable, siteId });
    await waitFor(() => before.handled.length >= 3, { description: 'first three' });
    await settled(bus, durable);
    await before.stop();

    await publisher.publish(events.slice(3));
    const after = await recordingConsumer({ durable, siteId });
    await waitFor(() => after.handled.length >= 3, { description: 'last three' });
    await settled(bus, durable);
    expect(ids(before.handled)).toEqual(ids(events.slice(0, 3)));
    expect(ids(after.handled)).toEqual(ids(events.slice(3)));
  });

  it('redelivers an event whose handler failed, and then acknowledges it', async () => {
    const siteId = uniqueName('site');
    const durable = uniqueName('durable');
    const events = conversationEvents(siteId, 3);
    const flaky = events[1];
    const consumer = await recordingConsumer({
      durable,
      siteId,
      fail: (event, attempt) => event.id === flaky?.id && attempt < 3,
    });
    await publisher.publish(events);
    await waitFor(() => consumer.handled.length >= 3, {
      description: 'all three handled',
      timeoutMs: 20_000,
    });
    await settled(bus, durable);
    expect(consumer.attempts.get(flaky?.id ?? '')).toBe(3);
    expect(ids(consumer.handled).sort()).toEqual(ids(events).sort());
    expect(consumer.handled.filter((event) => event.id === flaky?.id)).toHaveLength(1);
  });

  it('terminates a message that is not a valid stored event and carries on', async () => {
    const siteId = uniqueName('site');
    const durable = uniqueName('durable');
    const consumer = await recordingConsumer({ durable, siteId });
    const js = bus.jetstream();
    const subject = `sapa.v1.evt.${siteId}.conversation.c1.MessagePosted`;
    await js.publish(subject, 'not json');
    await js.publish(subject, JSON.stringify({ id: 'x', type: 'MessagePosted' }));
    const [unknownType] = conversationEvents(siteId, 1);
    if (!unknownType) throw new Error('no event');
    await js.publish(subject, JSON.stringify({ ...unknownType, type: 'NoSuchEvent' }));
    const [valid] = conversationEvents(siteId, 1);
    if (!valid) throw new Error('no event');
    await publisher.publish([valid]);
    await waitFor(() => consumer.handled.length >= 1, { description: 'the valid event' });
    await settled(bus, durable);
    expect(ids(consumer.handled)).toEqual([valid.id]);
    expect(consumer.attempts.size).toBe(1);
  });

  it('shares one durable between two replicas: each event handled once', async () => {
    const siteId = uniqueName('site');
    const durable = uniqueName('durable');
    const other = await connectBus(testInfra().natsUrl);
    try {
      const first = await recordingConsumer({ durable, siteId });
      const second = await recordingConsumer({ bus: other, durable, siteId });
      const events = conversationEvents(siteId, 40);
      await publisher.publish(events);
      await waitFor(() => first.handled.length + second.handled.length >= 40, {
        description: 'all handled',
      });
      await settled(bus, durable);
      expect([...ids(first.handled), ...ids(second.handled)].sort()).toEqual(ids(events).sort());
      await first.stop();
      await second.stop();
    } finally {
      await other.drain();
    }
  });
});

describe('durable event consumer across a nats-server restart', () => {
  let nats: TestServer;
  let ownBus: Bus;

  beforeAll(async () => {
    nats = await startNats();
    ownBus = await connectBus(nats.url);
    await ensureEventsStream(ownBus);
  });

  afterAll(async () => {
    await ownBus?.drain();
    await nats?.dispose();
  });

  /**
   * Publishes three events, lets the consumer ack them, cuts the server (`how`), publishes
   * three more, and returns what the consumer handled plus the stream's count for the site.
   */
  async function acrossRestart(
    how: 'stop' | 'kill',
  ): Promise<{ events: StoredEvent[]; handled: StoredEvent[] }> {
    const siteId = uniqueName('site');
    const durable = uniqueName('durable');
    const ownPublisher = new EventPublisher(ownBus, testLogger, { timeoutMs: 2_000 });
    const events = conversationEvents(siteId, 6);
    const consumer = await recordingConsumer({ bus: ownBus, durable, siteId });
    await ownPublisher.publish(events.slice(0, 3));
    await waitFor(() => consumer.handled.length >= 3, { description: 'first three' });
    await settled(ownBus, durable);

    await (how === 'kill' ? nats.kill() : nats.stop());
    await nats.restart();
    await waitFor(() => ownBus.isConnected, { description: 'bus reconnected', timeoutMs: 20_000 });

    // Everything acknowledged by JetStream before the cut is still in the stream (file storage).
    const jsm = await ownBus.jetstreamManager();
    const info = await waitFor(
      () => jsm.streams.info(EVENTS_STREAM, { subjects_filter: siteEventsFilter(siteId) }),
      {
        description: 'stream info after restart',
        timeoutMs: 20_000,
      },
    );
    expect(Object.values(info.state.subjects ?? {}).reduce((sum, count) => sum + count, 0)).toBe(3);

    // Publishing right after a restart may race JetStream's recovery: retry as the outbox would.
    await waitFor(() => ownPublisher.publish(events.slice(3)).then(() => true), {
      description: 'publish after restart',
      timeoutMs: 20_000,
    });
    await waitFor(() => new Set(ids(consumer.handled)).size >= 6, {
      description: 'last three',
      timeoutMs: 30_000,
    });
    await settled(ownBus, durable);
    await consumer.stop();
    return { events, handled: consumer.handled };
  }

  it('after a graceful server restart: loses nothing and redelivers nothing acknowledged', async () => {
    const { events, handled } = await acrossRestart('stop');
    expect(ids(handled)).toEqual(ids(events));
  });

  it('after the server is SIGKILLed: loses nothing acknowledged (acks not yet flushed may be redelivered)', async () => {
    const { events, handled } = await acrossRestart('kill');
    // nats-server writes consumer ack state to disk asynchronously: a SIGKILL can forget recent
    // acks, so those events come again. That is why every handler is idempotent by event id.
    expect([...new Set(ids(handled))].sort()).toEqual(ids(events).sort());
    expect(ids(handled).slice(0, 3)).toEqual(ids(events.slice(0, 3)));
  });
});
