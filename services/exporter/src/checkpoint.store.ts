import { MongoServerError, type Collection, type Db } from 'mongodb';

/** One stream's export position: every version up to `version` is in Kafka. */
interface StreamCheckpoint {
  readonly _id: string;
  readonly version: number;
  readonly eventId: string;
  readonly updatedAt: Date;
}

/** One partition's position: the checkpoint of every record up to `offset` is written. */
interface PartitionCheckpoint {
  readonly _id: number;
  readonly offset: number;
}

/** Where a batch landed in Kafka: its partition and the offset of its last record. */
export interface KafkaPosition {
  readonly partition: number;
  readonly offset: number;
}

const DUPLICATE_KEY = 11000;

/**
 * The exporter's checkpoints in MongoDB: one document per stream (`_id` = stream id, the last
 * version Kafka acknowledged) in `<collection>`, and one per partition of the topic (the offset
 * of the last record whose stream checkpoint is written) in `<collection>_partitions`. Both
 * are written only after Kafka's acknowledgement and only forward, so a late write never moves
 * a position back. A failure throws (the event is retried).
 */
export class CheckpointStore {
  private constructor(
    private readonly streams: Collection<StreamCheckpoint>,
    private readonly partitions: Collection<PartitionCheckpoint>,
  ) {}

  static open(db: Db, collection: string): CheckpointStore {
    return new CheckpointStore(
      db.collection<StreamCheckpoint>(collection),
      db.collection<PartitionCheckpoint>(`${collection}_partitions`),
    );
  }

  /** The last exported version of a stream (0: nothing exported yet). */
  async exportedVersion(stream: string): Promise<number> {
    const found = await this.streams.findOne({ _id: stream }, { projection: { version: 1 } });
    return found?.version ?? 0;
  }

  /** Per partition, the offset up to which every record's stream checkpoint is written. */
  async partitionOffsets(): Promise<Map<number, number>> {
    const found = await this.partitions.find({}).toArray();
    return new Map(found.map((document) => [document._id, document.offset]));
  }

  /** Every version of `stream` up to `version` (event `eventId`) is in Kafka. */
  async advanceStream(stream: string, version: number, eventId: string): Promise<void> {
    await forwardOnly(() =>
      this.streams.updateOne(
        { _id: stream, version: { $lt: version } },
        { $set: { version, eventId, updatedAt: new Date() } },
        { upsert: true },
      ),
    );
  }

  /** Every record of `position.partition` up to `position.offset` has its stream checkpoint. */
  async advancePartition(position: KafkaPosition): Promise<void> {
    const { partition, offset } = position;
    await forwardOnly(() =>
      this.partitions.updateOne(
        { _id: partition, offset: { $lt: offset } },
        { $set: { offset } },
        { upsert: true },
      ),
    );
  }
}

/**
 * Runs a guarded upsert. When the document is already further on, the filter matches nothing
 * and the upsert's insert hits the existing _id: that means "already there".
 */
async function forwardOnly(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return;
    throw error;
  }
}
