import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, KafkaMessage } from 'kafkajs';
import { EVENT_ID_HEADER, STREAM_VERSION_HEADER } from './kafka-record.js';
import type { ExportedRecord } from './stream-exporter.js';

/** How long reading the tail of the topic may take before recovery fails (and is retried). */
const TAIL_TIMEOUT_MS = 60_000;

/** The range of one partition still to read: offsets `from` ..< `end`. */
interface Range {
  readonly partition: number;
  readonly from: number;
  readonly end: number;
}

/**
 * For each partition of `topic`, the range after the given offset up to its end as it is now
 * (a partition not named: from its first offset).
 */
async function rangesAfter(
  admin: Admin,
  topic: string,
  offsets: ReadonlyMap<number, number>,
): Promise<Range[]> {
  const ends = await admin.fetchTopicOffsets(topic);
  return ends.map(({ partition, high, low }) => ({
    partition,
    from: Math.max(Number(low), (offsets.get(partition) ?? -1) + 1),
    end: Number(high),
  }));
}

function headerText(message: KafkaMessage, name: string): string | undefined {
  const value = message.headers?.[name];
  return value === undefined ? undefined : String(Array.isArray(value) ? value[0] : value);
}

/**
 * Every record of `topic` after the given offsets (see rangesAfter), read with a throw-away
 * consumer group that commits nothing. Nothing to read (the usual case after a clean stop)
 * costs one metadata round trip and no consumer at all.
 */
export async function recordsAfter(
  kafka: Kafka,
  admin: Admin,
  topic: string,
  offsets: ReadonlyMap<number, number>,
): Promise<ExportedRecord[]> {
  const all = await rangesAfter(admin, topic, offsets);
  const ranges = all.filter((range) => range.from < range.end);
  if (ranges.length === 0) return [];
  const pending = new Map(ranges.map((range) => [range.partition, range]));
  const found: ExportedRecord[] = [];
  const consumer = kafka.consumer({
    groupId: `sapa-exporter-recovery-${randomUUID()}`,
    allowAutoTopicCreation: false,
  });
  let finished = (): void => {};
  const done = new Promise<void>((resolve) => (finished = resolve));
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: ({ partition, message }) => {
        const range = pending.get(partition);
        const offset = Number(message.offset);
        if (range === undefined || offset < range.from) return Promise.resolve();
        const version = Number(headerText(message, STREAM_VERSION_HEADER));
        const eventId = headerText(message, EVENT_ID_HEADER);
        const stream = message.key?.toString('utf8');
        if (offset < range.end && stream && eventId && Number.isSafeInteger(version)) {
          found.push({ stream, version, eventId, partition, offset });
        }
        if (offset >= range.end - 1) pending.delete(partition);
        if (pending.size === 0) finished();
        return Promise.resolve();
      },
    });
    // Partitions with nothing to read are not fetched at all; the others start at their range.
    const idle = all.filter((range) => range.from >= range.end).map((range) => range.partition);
    if (idle.length > 0) consumer.pause([{ topic, partitions: idle }]);
    for (const range of ranges) {
      consumer.seek({ topic, partition: range.partition, offset: String(range.from) });
    }
    await Promise.race([
      done,
      new Promise<never>((_resolve, reject) =>
        setTimeout(
          () => reject(new Error(`reading ${topic} after the checkpoints timed out`)),
          TAIL_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    return found;
  } finally {
    await consumer.disconnect();
  }
}
