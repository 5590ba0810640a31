import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus, EventPublisher, ensureEventsStream } from '@sapa/bus';
import { newId, type StoredEvent } from '@sapa/contracts';
import { EventStore } from '@sapa/event-store';
import { createLogger } from '@sapa/platform';
import {
  startKafka,
  startNats,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  type TestServer,
} from '@sapa/testkit';
import { MongoClient, type Db } from 'mongodb';
import {
  conversationEvents,
  recordTopic,
  type SeenRecord,
} from './test-support/export-fixtures.js';

// The exporter as it runs in production: its own process, over its own nats-server (the
// events stream is fixed by the contract), FerretDB and a kfake broker. Events are appended
// through the event store and published by the event publisher, as chat does.
const logger = createLogger('export-test', 'silent');
const STREAMS = 12;
let nats: TestServer;
let kafka: TestServer;
let mongo: MongoClient;
let db: Db;
let bus: Bus;
let store: EventStore;
let publisher: EventPublisher;
const dbName = uniqueName('export');

beforeAll(async () => {
  [nats, kafka] = await Promise.all([startNats(), startKafka()]);
  mongo = await MongoClient.connect(testInfra().mongoUrl);
  db = mongo.db(dbName);
  store = await EventStore.open(db);
  bus = await Bus.connect({ servers: nats.url, name: 'export-test', logger });
  await ensureEventsStream(bus);
  publisher = new EventPublisher(bus, logger);
}, 60_000);

afterAll(async () => {
  await bus?.drain();
  await db?.dropDatabase();
  await mongo?.close();
  await Promise.all([nats?.dispose(), kafka?.dispose()]);
});

/** Appends `count` events to each stream, a few at a time, taking turns between streams. */
async function write(
  siteId: string,
  streams: readonly string[],
  count: number,
  options: { readonly reversePublishOf?: string } = {},
): Promise<void> {
  const held: StoredEvent[] = [];
  for (let done = 0; done < count;) {
    const step = Math.min(1 + (done % 3), count - done);
    for (const stream of streams) {
      const version = await store.streamVersion(stream);
      const events = conversationEvents(
        siteId,
        stream.slice('conversation-'.length),
        version + 1,
        step,
      );
      const stored = await store.append(stream, siteId, version, events);
      if (stream === options.reversePublishOf) held.push(...stored);
      else await publisher.publish(stored);
      await store.markPublished(stored.map((event) => event.id));
    }
    done += step;
  }
  // One stream's events reach JetStream last and newest first, as after a slow outbox relay.
  for (const event of held.reverse()) await publisher.publish([event]);
}

/** Per stream, the versions the consumer saw, in the order it saw them. */
function versionsByStream(seen: readonly SeenRecord[]): Map<string, number[]> {
  const byStream = new Map<string, number[]>();
  for (const record of seen)
    byStream.set(record.stream, [...(byStream.get(record.stream) ?? []), record.version]);
  return byStream;
}

describe('the Kafka export', () => {
  it('SIGKILLed mid-stream and restarted: every event arrives once, in order per stream', async () => {
    const siteId = newId();
    const streams = Array.from({ length: STREAMS }, () => `conversation-${newId()}`);
    const topic = uniqueName('sapa-events');
    await write(siteId, streams, 20);

    const exporter: RunningService = await startService({
      name: 'exporter',
      env: {
        NATS_URL: nats.url,
        MONGO_URL: testInfra().mongoUrl,
        MONGO_DB: dbName,
        KAFKA_BROKERS: kafka.url,
        KAFKA_TOPIC: topic,
        KAFKA_TOPIC_PARTITIONS: '4',
        EXPORT_BATCH_SIZE: '3',
        LOG_LEVEL: 'info',
      },
    });
    const consumer = await recordTopic(kafka.url, topic);
    try {
      // A backlog of 240 events in batches of 3: the kill lands while it is being exported.
      await waitFor(() => consumer.seen.length >= 40, { timeoutMs: 30_000 });
      await exporter.kill();
      const seenAtKill = consumer.seen.length;
      expect(seenAtKill).toBeLessThan(STREAMS * 20);

      await write(siteId, streams, 15, { reversePublishOf: streams[0] });
      await exporter.restart();
      await waitFor(() => consumer.seen.length >= STREAMS * 35, { timeoutMs: 40_000 });
      // Bounded by a later marker, not by a sleep: one more event per stream, seen after
      // anything a restart might have sent again into the same partition.
      await write(siteId, streams, 1);
      const total = STREAMS * 36;
      await waitFor(
        () =>
          streams.every((stream) =>
            consumer.seen.some((r) => r.stream === stream && r.version === 36),
          ),
        { timeoutMs: 30_000 },
      );

      const byStream = versionsByStream(consumer.seen);
      const oneToN = Array.from({ length: 36 }, (_unused, index) => index + 1);
      for (const stream of streams)
        expect([stream, byStream.get(stream)]).toEqual([stream, oneToN]);
      expect(consumer.seen).toHaveLength(total);

      for (const stream of streams) {
        const stored = await store.readStream(stream);
        const records = consumer.seen.filter((record) => record.stream === stream);
        expect(new Set(records.map((record) => record.partition)).size).toBe(1);
        expect(records.map((record) => record.eventId)).toEqual(stored.map((event) => event.id));
        expect(
          records.map((record) => [record.value.id, record.value.version, record.type]),
        ).toEqual(stored.map((event) => [event.id, event.version, event.type]));
        expect(records.every((record) => record.siteId === siteId)).toBe(true);
      }
      // The checkpoints ended where the streams end.
      const checkpoints = await db
        .collection<{ version: number }>('kafka_export_checkpoints')
        .find({})
        .toArray();
      expect(checkpoints.map((checkpoint) => checkpoint.version)).toEqual(streams.map(() => 36));
    } finally {
      await consumer.stop();
      await exporter.stop();
    }
  }, 120_000);
});
