import { consumeEvents, ensureEventsStream, type BusServiceOptions } from '@sapa/bus';
import { EVENTS_SUBJECTS } from '@sapa/contracts';
import { EventStore } from '@sapa/event-store';
import type { Db } from 'mongodb';
import { CheckpointStore } from './checkpoint.store.js';
import type { ExporterConfig } from './config.js';
import { KafkaSink } from './kafka-sink.js';
import { StreamExporter } from './stream-exporter.js';

export interface ExporterService {
  stop(): Promise<void>;
}

/**
 * The Kafka export: a durable JetStream consumer over every event of every site says which
 * stream moved; the stream's events after its checkpoint are read from the event store and
 * sent to Kafka (docs/kafka-export.md).
 */
export async function startExporterService(
  options: BusServiceOptions<ExporterConfig> & { readonly db: Db },
): Promise<ExporterService> {
  const { db, bus, logger, config } = options;
  await ensureEventsStream(bus);
  const store = await EventStore.open(db);
  const sink = await KafkaSink.connect({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    topic: config.KAFKA_TOPIC,
    partitions: config.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: config.KAFKA_TOPIC_REPLICATION_FACTOR,
    logger,
  });
  const exporter = new StreamExporter(
    store,
    CheckpointStore.open(db, config.EXPORT_CHECKPOINT_COLLECTION),
    sink,
    logger.child({ module: 'stream-exporter' }),
    config.EXPORT_BATCH_SIZE,
  );
  const consumer = await consumeEvents({
    bus,
    durable: config.EXPORT_DURABLE,
    filterSubjects: [EVENTS_SUBJECTS],
    logger: logger.child({ module: 'export-consumer' }),
    handle: (event) => exporter.catchUp(event),
  });
  return {
    async stop() {
      await consumer.stop();
      await sink.close();
    },
  };
}
