import type { StoredEvent } from '@sapa/contracts';
import { LruCache, type EventStore } from '@sapa/event-store';
import type { Logger } from '@sapa/platform';
import type { CheckpointStore, KafkaPosition } from './checkpoint.store.js';

/** A record found in Kafka: which event of which stream, and where. */
export interface ExportedRecord extends KafkaPosition {
  readonly stream: string;
  readonly version: number;
  readonly eventId: string;
}

/** Where exported events go (Kafka, in production). */
export interface EventSink {
  /** Sends the events in order; resolves once the broker acknowledged every one. */
  send(events: readonly StoredEvent[]): Promise<KafkaPosition>;
  /**
   * Every record after the given offset of each partition (a partition not named: from its
   * start), up to the end as it is now.
   */
  recordsAfter(offsets: ReadonlyMap<number, number>): Promise<ExportedRecord[]>;
}

/** Streams whose checkpoint is kept in memory (least recently used go first). */
const CACHED_CHECKPOINTS = 10_000;

/**
 * Brings one stream's export up to date, from the event store, in version order.
 *
 * The JetStream event that calls `catchUp` only says "this stream has reached at least this
 * version"; the events sent are read from the store after the stream's checkpoint. So the
 * order in which JetStream delivers (a relay re-publishing late, two writers publishing out of
 * order, a redelivery) never becomes the order in Kafka, and an event at or below the
 * checkpoint — already exported — sends nothing.
 *
 * The checkpoint moves only after Kafka acknowledged. What Kafka stored but the checkpoint does
 * not show yet (a crash between the two, a send that failed after all) is found by `recover`,
 * which reads the records after each partition's checkpointed offset and moves the streams'
 * checkpoints over them, before anything is sent again (docs/kafka-export.md).
 *
 * One exporter process per topic: two would each send the same stream.
 */
export class StreamExporter {
  readonly #exported = new LruCache<string, { readonly version: number }>(CACHED_CHECKPOINTS);
  #recovered = false;

  constructor(
    private readonly store: Pick<EventStore, 'readStream'>,
    private readonly checkpoints: CheckpointStore,
    private readonly sink: EventSink,
    private readonly logger: Logger,
    private readonly batchSize: number,
  ) {}

  /** Exports `event.stream` up to at least `event.version`; throws (to be retried) on failure. */
  async catchUp(event: Pick<StoredEvent, 'stream' | 'version'>): Promise<void> {
    if (!this.#recovered) await this.recover();
    const { stream } = event;
    let exported = await this.#exportedVersion(stream);
    while (exported < event.version) {
      const batch = await this.store.readStream(stream, {
        afterVersion: exported,
        limit: this.batchSize,
      });
      const last = batch.at(-1);
      if (last === undefined || batch[0]?.version !== exported + 1) {
        // A published event is stored first, so this means a read from a lagging replica.
        throw new Error(`stream ${stream} has no version ${exported + 1} yet`);
      }
      let position: KafkaPosition;
      try {
        position = await this.sink.send(batch);
      } catch (error) {
        // Kafka may have stored it anyway: find out before sending anything again.
        this.#recovered = false;
        throw error;
      }
      await this.checkpoints.advanceStream(stream, last.version, last.id);
      this.#exported.set(stream, { version: last.version });
      await this.checkpoints.advancePartition(position);
      this.logger.debug({ stream, from: exported + 1, to: last.version }, 'events exported');
      exported = last.version;
    }
  }

  /**
   * Moves the checkpoints over what Kafka holds beyond them (see the class comment). Runs
   * before the first send and after a failed one.
   */
  async recover(): Promise<void> {
    const offsets = await this.checkpoints.partitionOffsets();
    const records = await this.sink.recordsAfter(offsets);
    const last = new Map<string, ExportedRecord>();
    const partitions = new Map<number, KafkaPosition>();
    for (const record of records) {
      if ((last.get(record.stream)?.version ?? 0) < record.version) last.set(record.stream, record);
      if ((partitions.get(record.partition)?.offset ?? -1) < record.offset)
        partitions.set(record.partition, record);
    }
    for (const record of last.values()) {
      await this.checkpoints.advanceStream(record.stream, record.version, record.eventId);
    }
    for (const position of partitions.values()) await this.checkpoints.advancePartition(position);
    this.#exported.clear();
    this.#recovered = true;
    if (records.length > 0) {
      this.logger.info(
        { records: records.length, streams: last.size },
        'checkpoints moved over records found in kafka',
      );
    }
  }

  async #exportedVersion(stream: string): Promise<number> {
    const cached = this.#exported.get(stream);
    if (cached !== undefined) return cached.version;
    const version = await this.checkpoints.exportedVersion(stream);
    this.#exported.set(stream, { version });
    return version;
  }
}
