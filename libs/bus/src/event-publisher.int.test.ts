import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { EVENTS_STREAM, eventSubject } from '@sapa/contracts';
import { uniqueName } from '@sapa/testkit';
import type { Bus } from './bus.js';
import { connectEventsBus, conversationEvents, storedPerSubject } from './bus.test-support.js';
import type { EventPublisher } from './event-publisher.js';
import { ensureEventsStream } from './events-stream.js';

let bus: Bus;
let publisher: EventPublisher;

beforeAll(async () => {
  ({ bus, publisher } = await connectEventsBus());
});

afterAll(async () => {
  await bus?.drain();
});

describe('event publisher', () => {
  it('stores a duplicate publish of the same event id once; the second PubAck says duplicate', async () => {
    const siteId = uniqueName('site');
    const [event] = conversationEvents(siteId, 1);
    if (!event) throw new Error('no event');
    const [first] = await publisher.publish([event]);
    const [second] = await publisher.publish([event]);
    expect(first).toMatchObject({ id: event.id, duplicate: false });
    expect(second).toMatchObject({ id: event.id, duplicate: true, seq: first?.seq });
    expect(await storedPerSubject(bus, siteId)).toEqual({
      [eventSubject(siteId, event.stream, event.type)]: 1,
    });
  });

  it('publishes on the event subject, with the event as JSON, its id as message id and its trace headers', async () => {
    const siteId = uniqueName('site');
    const events = conversationEvents(siteId, 3);
    const acks = await publisher.publish(events);
    expect(acks.map((ack) => ack.duplicate)).toEqual([false, false, false]);
    // In order: one connection keeps the order the events were given in.
    expect(acks.map((ack) => ack.seq)).toEqual(
      [...acks.map((ack) => ack.seq)].sort((a, b) => a - b),
    );
    const jsm = await bus.jetstreamManager();
    for (const [index, event] of events.entries()) {
      const stored = await jsm.streams.getMessage(EVENTS_STREAM, { seq: acks[index]?.seq ?? 0 });
      expect(stored?.subject).toBe(eventSubject(siteId, event.stream, event.type));
      expect(stored?.json()).toEqual(event);
      expect(stored?.header.get('Nats-Msg-Id')).toBe(event.id);
      expect(stored?.header.get('traceparent')).toBe(event.metadata.traceparent);
      expect(stored?.header.get('sapa-correlation-id')).toBe(event.metadata.correlationId);
    }
  });

  it('de-duplicates within a batch that is published twice, in part', async () => {
    const siteId = uniqueName('site');
    const events = conversationEvents(siteId, 4);
    await publisher.publish(events.slice(0, 2));
    // A writer that died after publishing half of its batch: the relay publishes the whole batch.
    const acks = await publisher.publish(events);
    expect(acks.map((ack) => ack.duplicate)).toEqual([true, true, false, false]);
    const counts = await storedPerSubject(bus, siteId);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(4);
  });

  it('resolves at once for an empty batch', async () => {
    await expect(publisher.publish([])).resolves.toEqual([]);
  });

  it('is safe to ensure the stream concurrently and repeatedly', async () => {
    await Promise.all([ensureEventsStream(bus), ensureEventsStream(bus), ensureEventsStream(bus)]);
    const jsm = await bus.jetstreamManager();
    const info = await jsm.streams.info(EVENTS_STREAM);
    expect(info.config.subjects).toEqual(['sapa.v1.evt.>']);
    expect(info.config.storage).toBe('file');
  });
});
