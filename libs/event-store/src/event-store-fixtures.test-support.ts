import { expect } from '@jest/globals';
import { ConcurrencyError, newId, type EventMetadata, type StoredEvent } from '@sapa/contracts';
import type { Db } from 'mongodb';
import type { EventStore, NewEvent } from './event-store.js';

/**
 * The event store's int suite, run once per MongoDB-protocol server: the shared one of the test
 * run, each FerretDB backend, and a real MongoDB when SAPA_TEST_REAL_MONGO_URL names one. Every
 * test works in a fresh database, so files and targets can run in parallel.
 */
export interface StoreTarget {
  readonly name: string;
  /** Resolves the server's URL (starting it if needed) and a way to release it. */
  readonly start: () => Promise<{ url: string; release: () => Promise<void> }>;
  /**
   * Size of the volume test: `streams` × `perStream` appends (default 20 × 50 = 1,000). A
   * target that only checks a FerretDB backend's behaviour may make it smaller (perStream
   * at least 15, for the paging checks).
   */
  readonly volume?: Volume;
}

/** A test event: `MessagePosted`-shaped data tagged with who wrote it and in which order. */
export const testEvent = (writer: string, seq: number, metadata: EventMetadata = {}): NewEvent => ({
  type: 'MessagePosted',
  data: {
    messageId: `${writer}_${seq}`,
    clientMessageId: `${writer}:${seq}`,
    author: { kind: 'visitor', id: writer },
    text: `message ${seq} from ${writer}`,
  },
  metadata,
});

/** The writer tag of a test event. */
export const writerOf = (event: StoredEvent): string =>
  (event.data as { author: { id: string } }).author.id;
/** The sequence number of a test event within its writer. */
export const seqOf = (event: StoredEvent): number =>
  Number((event.data as { messageId: string }).messageId.split('_').at(-1));

export const freshStream = (category = 'conversation'): string => `${category}-${newId()}`;

/** Asserts versions 1..n in order, no gap, no duplicate. */
export function expectGapFree(events: readonly StoredEvent[]): void {
  expect(events.map((event) => event.version)).toEqual(events.map((_event, index) => index + 1));
}

/**
 * Appends with the command handler's discipline: read the version, append at it, and on a lost
 * race read again. Returns how many races were lost.
 */
export async function appendWithRetry(
  store: EventStore,
  stream: string,
  siteId: string,
  event: NewEvent,
): Promise<number> {
  for (let lost = 0; lost < 10_000; lost++) {
    try {
      await store.append(stream, siteId, await store.streamVersion(stream), [event]);
      return lost;
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
    }
  }
  throw new Error(`gave up appending to ${stream}`);
}

/**
 * FerretDB 1.x answers every find by scanning the whole collection (its SQLite backend even
 * decodes every document in Go), so 1,000 appends cost O(n²) there: seconds on PostgreSQL,
 * about four minutes on SQLite on a 2-core machine. MongoDB uses the indexes.
 */
export const VOLUME_TEST_TIMEOUT_MS = 600_000;

/** Opens a store on a fresh database of the target (dropped after the test). */
export type OpenStore = () => Promise<{ store: EventStore; db: Db }>;

/** Size of the volume test. */
export interface Volume {
  readonly streams: number;
  readonly perStream: number;
}
