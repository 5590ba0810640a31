import type { StoredEvent } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { Kafka, Partitioners, logLevel, type Admin, type LogEntry, type Producer } from 'kafkajs';
import type { KafkaPosition } from './checkpoint.store.js';
import { toKafkaRecord } from './kafka-record.js';
import { recordsAfter } from './kafka-tail.js';
import type { EventSink, ExportedRecord } from './stream-exporter.js';

/** How to reach Kafka and where to write. */
export interface KafkaSinkOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly logger: Logger;
}

/** kafkajs' log lines through our logger (its own logger writes plain text to the console). */
function kafkaLogCreator(logger: Logger) {
  const log = logger.child({ module: 'kafkajs' });
  return () =>
    ({ level, namespace, log: { message, ...extra } }: LogEntry): void => {
      const fields = { namespace, ...extra };
      if (level === logLevel.ERROR) log.error(fields, message);
      else if (level === logLevel.WARN) log.warn(fields, message);
      else log.debug(fields, message);
    };
}

/**
 * A Kafka topic as an EventSink: an idempotent producer (one request in flight, acks from all
 * in-sync replicas), so a retry inside kafkajs never duplicates or reorders a record. Keys go
 * through the Java client's murmur2 partitioner: a stream lands on the same partition as any
 * Java producer would put it.
 */
export class KafkaSink implements EventSink {
  private constructor(
    private readonly kafka: Kafka,
    private readonly admin: Admin,
    private readonly producer: Producer,
    private readonly topic: string,
  ) {}

  /** Connects, creates the topic if it is missing, and connects the producer. */
  static async connect(options: KafkaSinkOptions): Promise<KafkaSink> {
    const kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.WARN,
      logCreator: kafkaLogCreator(options.logger),
    });
    const admin = kafka.admin();
    await admin.connect();
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: options.topic,
          numPartitions: options.partitions,
          replicationFactor: options.replicationFactor,
        },
      ],
    });
    options.logger.info({ topic: options.topic, created }, 'kafka topic ready');
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new KafkaSink(kafka, admin, producer, options.topic);
  }

  /**
   * Sends the events (all of one stream, so all to one partition) in order and resolves once
   * Kafka acknowledged every one, with where the last one landed.
   */
  async send(events: readonly StoredEvent[]): Promise<KafkaPosition> {
    const [result] = await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: events
        .map(toKafkaRecord)
        .map((record) => ({ ...record, headers: { ...record.headers } })),
    });
    if (result?.baseOffset === undefined) throw new Error('kafka answered without an offset');
    return { partition: result.partition, offset: Number(result.baseOffset) + events.length - 1 };
  }

  recordsAfter(offsets: ReadonlyMap<number, number>): Promise<ExportedRecord[]> {
    return recordsAfter(this.kafka, this.admin, this.topic, offsets);
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
    await this.admin.disconnect();
  }
}
