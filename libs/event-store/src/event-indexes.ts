import { SapaError } from '@sapa/contracts';
import { MongoServerError, type Collection, type IndexDescriptionInfo } from 'mongodb';
import type { EventDocument } from './event-document.js';

/** An index of the `events` collection. Names follow MongoDB's default naming. */
export interface EventIndex {
  readonly name: string;
  readonly key: Readonly<Record<string, 1>>;
  readonly unique: boolean;
  /** Why the index exists (also in docs/event-store.md). */
  readonly purpose: string;
}

/** Every index the store relies on. */
export const EVENT_INDEXES: readonly EventIndex[] = [
  {
    name: 'stream_1_version_1',
    key: { stream: 1, version: 1 },
    unique: true,
    purpose: 'optimistic-concurrency guard; reading a stream in version order',
  },
  {
    name: 'published_1_time_1',
    key: { published: 1, time: 1 },
    unique: false,
    purpose: 'outbox scan',
  },
  {
    name: 'siteId_1_time_1',
    key: { siteId: 1, time: 1 },
    unique: false,
    purpose: "a site's events by time",
  },
];

const NAMESPACE_NOT_FOUND = 26;

/**
 * Creates the missing indexes, one `createIndex` at a time, after listing what exists.
 *
 * Why not one `createIndexes` call with every spec: FerretDB 1.24 panics (the connection is
 * closed) when such a call names only indexes that already exist. Why list first: FerretDB on
 * PostgreSQL records an index twice in its metadata when two clients create it at the same
 * moment (several replicas starting together); listing first narrows that to a first start.
 * The duplicate entry is harmless — uniqueness is still enforced — but is avoided where we can.
 *
 * Also checks that an existing (stream, version) index is unique: without that the
 * concurrency guard would silently be missing, so start-up fails instead.
 */
export async function ensureEventIndexes(collection: Collection<EventDocument>): Promise<void> {
  const existing = await listIndexes(collection);
  for (const index of EVENT_INDEXES) {
    const found = existing.find((candidate) => sameKey(candidate.key, index.key));
    if (found === undefined) {
      await collection.createIndex(
        { ...index.key },
        index.unique ? { name: index.name, unique: true } : { name: index.name },
      );
    } else if (index.unique && found.unique !== true) {
      throw new SapaError(
        'internal',
        `collection ${collection.collectionName} has a non-unique index ${String(found.name)} on ` +
          `${JSON.stringify(index.key)}; it must be unique (it is the concurrency guard): drop it and restart`,
      );
    }
  }
}

async function listIndexes(collection: Collection<EventDocument>): Promise<IndexDescriptionInfo[]> {
  try {
    return await collection.indexes();
  } catch (error) {
    // A collection that does not exist yet has no indexes; createIndex will create it.
    if (error instanceof MongoServerError && error.code === NAMESPACE_NOT_FOUND) return [];
    throw error;
  }
}

/** Same fields in the same order with the same directions. */
function sameKey(candidate: unknown, key: Readonly<Record<string, 1>>): boolean {
  if (candidate === null || typeof candidate !== 'object') return false;
  const left = Object.entries(candidate as Record<string, unknown>);
  const right = Object.entries(key);
  return (
    left.length === right.length &&
    left.every(([field, direction], i) => {
      const [expectedField, expectedDirection] = right[i] ?? [];
      return field === expectedField && Number(direction) === expectedDirection;
    })
  );
}
