import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@sapa/contracts';
import { EventStore } from '@sapa/event-store';
import { createLogger } from '@sapa/platform';
import { startKafka, testInfra, uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import { MongoClient, type Db } from 'mongodb';
import { CheckpointStore } from './checkpoint.store.js';
import { KafkaSink } from './kafka-sink.js';
import { StreamExporter } from './stream-exporter.js';
import { conversationEvents, recordTopic } from './test-support/export-fixtures.js';

// The exporter's core on a real FerretDB and a real kfake broker, driven directly, so the
// moments a kill can hit are reproduced exactly rather than hoped for.
const logger = createLogger('stream-exporter-test', 'silent');
let kafka: TestServer;
let mongo: MongoClient;
let db: Db;
let store: EventStore;

beforeAll(async () => {
  kafka = await startKafka();
  mongo = await MongoClient.connect(testInfra().mongoUrl);
  db = mongo.db(uniqueName('stream_exporter'));
  store = await EventStore.open(db);
}, 60_000);

afterAll(async () => {
  await db?.dropDatabase();
  await mongo?.close();
  await kafka?.dispose();
});

async function setUp(events: number) {
  const topic = uniqueName('events');
  const sink = await KafkaSink.connect({
    brokers: [kafka.url],
    clientId: 'stream-exporter-test',
    topic,
    partitions: 3,
    replicationFactor: 1,
    logger,
  });
  const stream = `conversation-${newId()}`;
  const siteId = newId();
  const stored = await store.append(
    stream,
    siteId,
    0,
    conversationEvents(siteId, stream.slice('conversation-'.length), 1, events),
  );
  const checkpoints = CheckpointStore.open(db, uniqueName('checkpoints'));
  const exporter = () => new StreamExporter(store, checkpoints, sink, logger, 4);
  return { topic, sink, stream, stored, checkpoints, exporter };
}

describe('StreamExporter', () => {
  it('after a crash between the Kafka ack and the checkpoint, sends nothing twice', async () => {
    const { topic, sink, stream, stored, checkpoints, exporter } = await setUp(10);
    try {
      // The process that died: Kafka acknowledged versions 1-6, no checkpoint was written.
      await sink.send(stored.slice(0, 6));
      expect(await checkpoints.exportedVersion(stream)).toBe(0);

      await exporter().catchUp({ stream, version: 10 });
      expect(await checkpoints.exportedVersion(stream)).toBe(10);

      const consumer = await recordTopic(kafka.url, topic);
      try {
        await waitFor(() => consumer.seen.length >= 10, { timeoutMs: 20_000 });
        expect(consumer.seen.map((record) => record.version)).toEqual([
          1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        ]);
        expect(consumer.seen.map((record) => record.eventId)).toEqual(stored.map((e) => e.id));
      } finally {
        await consumer.stop();
      }
    } finally {
      await sink.close();
    }
  });

  it('an event at or below the checkpoint sends nothing; a later one sends what is missing', async () => {
    const { topic, sink, stream, stored, checkpoints, exporter } = await setUp(7);
    try {
      const running = exporter();
      await running.catchUp({ stream, version: 5 }); // batches of 4: 1-4, then 5-7
      expect(await checkpoints.exportedVersion(stream)).toBe(7);
      await running.catchUp({ stream, version: 3 }); // a redelivery
      await exporter().catchUp({ stream, version: 7 }); // after a restart

      const consumer = await recordTopic(kafka.url, topic);
      try {
        await waitFor(() => consumer.seen.length >= 7, { timeoutMs: 20_000 });
        expect(consumer.seen.map((record) => record.eventId)).toEqual(stored.map((e) => e.id));
        expect(new Set(consumer.seen.map((record) => record.partition)).size).toBe(1);
      } finally {
        await consumer.stop();
      }
    } finally {
      await sink.close();
    }
  });
});
