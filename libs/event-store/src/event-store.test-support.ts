import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  ValidationError,
  newId,
  type EventMetadata,
  type StoredEvent,
} from '@sapa/contracts';
import { uniqueName } from '@sapa/testkit';
import { MongoClient, type Db } from 'mongodb';
import { EventStore, type NewEvent } from './event-store.js';
import { PartialAppendError } from './store-errors.js';

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
  readonly volume?: { readonly streams: number; readonly perStream: number };
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
const seqOf = (event: StoredEvent): number =>
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
const VOLUME_TEST_TIMEOUT_MS = 600_000;

/** Registers the whole suite for one target. */
export function describeEventStore(target: StoreTarget): void {
  describe(`EventStore on ${target.name}`, () => {
    let client: MongoClient;
    let release: () => Promise<void> = () => Promise.resolve();
    const databases: Db[] = [];

    beforeAll(async () => {
      const started = await target.start();
      release = started.release;
      client = new MongoClient(started.url, { serverSelectionTimeoutMS: 10_000 });
      await client.connect();
    });

    afterEach(async () => {
      // Dropped so a FerretDB/PostgreSQL run does not accumulate a schema per test.
      await Promise.all(databases.splice(0).map((db) => db.dropDatabase()));
    });

    afterAll(async () => {
      await client?.close();
      await release();
    });

    const freshDb = (): Db => {
      const db = client.db(uniqueName('event_store'));
      databases.push(db);
      return db;
    };
    const openStore = async (): Promise<{ store: EventStore; db: Db }> => {
      const db = freshDb();
      return { store: await EventStore.open(db), db };
    };

    registerAppendTests(openStore, target.volume ?? { streams: 20, perStream: 50 });
    registerReadTests(openStore);
    registerOutboxTests(openStore);
    registerOpenTests(freshDb);
  });
}

type OpenStore = () => Promise<{ store: EventStore; db: Db }>;

function registerAppendTests(
  openStore: OpenStore,
  volume: { readonly streams: number; readonly perStream: number },
): void {
  const total = volume.streams * volume.perStream;
  describe('append', () => {
    it('stores one document per event in the documented shape', async () => {
      const { store, db } = await openStore();
      const stream = freshStream();
      const siteId = newId();
      const metadata: EventMetadata = {
        actor: { kind: 'visitor', id: 'v1' },
        correlationId: 'c1',
        causationId: 'k1',
      };
      const [stored] = await store.append(stream, siteId, 0, [testEvent('v1', 1, metadata)]);

      const raw = await db.collection('events').findOne({ stream });
      expect(raw).toStrictEqual({
        _id: stored?.id,
        stream,
        version: 1,
        siteId,
        type: 'MessagePosted',
        data: testEvent('v1', 1).data,
        metadata,
        time: new Date(stored?.time ?? ''),
        published: false,
      });
      expect(stored?.id).toMatch(/^[0-9a-f]{32}$/);
    });

    it('stores a multi-event append at consecutive versions and returns what it stored', async () => {
      const { store } = await openStore();
      const stream = freshStream();
      const siteId = newId();
      const first = await store.append(stream, siteId, 0, [testEvent('a', 1), testEvent('a', 2)]);
      const second = await store.append(stream, siteId, 2, [
        testEvent('a', 3),
        testEvent('a', 4),
        testEvent('a', 5),
      ]);

      expect(first.map((event) => event.version)).toEqual([1, 2]);
      expect(second.map((event) => event.version)).toEqual([3, 4, 5]);
      expect(new Set(second.map((event) => event.time)).size).toBe(1);
      expect(new Set([...first, ...second].map((event) => event.id)).size).toBe(5);
      expect(await store.readStream(stream)).toEqual([...first, ...second]);
      expect(await store.streamVersion(stream)).toBe(5);
    });

    it('refuses a multi-event append at a version already taken and stores nothing of it', async () => {
      const { store } = await openStore();
      const stream = freshStream();
      const siteId = newId();
      const winner = await store.append(stream, siteId, 0, [testEvent('a', 1), testEvent('a', 2)]);

      const late = store.append(stream, siteId, 0, [
        testEvent('b', 1),
        testEvent('b', 2),
        testEvent('b', 3),
      ]);
      await expect(late).rejects.toThrow(ConcurrencyError);
      await expect(late).rejects.not.toThrow(PartialAppendError);
      await expect(late).rejects.toMatchObject({
        code: 'concurrency_conflict',
        stream,
        expectedVersion: 0,
      });
      expect(await store.readStream(stream)).toEqual(winner);
    });

    it('refuses an expected version the stream never reached, so no gap can appear', async () => {
      const { store } = await openStore();
      const stream = freshStream();
      const siteId = newId();
      await store.append(stream, siteId, 0, [testEvent('a', 1)]);

      await expect(store.append(stream, siteId, 3, [testEvent('a', 2)])).rejects.toThrow(
        ConcurrencyError,
      );
      await expect(store.append(freshStream(), siteId, 1, [testEvent('a', 1)])).rejects.toThrow(
        ConcurrencyError,
      );
      expect((await store.readStream(stream)).map((event) => event.version)).toEqual([1]);
    });

    it('checks its arguments at every entry point and stores nothing on a refusal', async () => {
      const { store, db } = await openStore();
      const stream = freshStream();
      const siteId = newId();
      await expect(store.append(stream, siteId, 0, [])).rejects.toThrow(ValidationError);
      await expect(store.append('no_category', siteId, 0, [testEvent('a', 1)])).rejects.toThrow(
        ValidationError,
      );
      await expect(store.append(stream, 'bad.site', 0, [testEvent('a', 1)])).rejects.toThrow(
        ValidationError,
      );
      await expect(store.append(stream, siteId, -1, [testEvent('a', 1)])).rejects.toThrow(
        ValidationError,
      );
      await expect(store.append(stream, siteId, 1.5, [testEvent('a', 1)])).rejects.toThrow(
        ValidationError,
      );
      await expect(store.readStream(stream, { limit: 0 })).rejects.toThrow(ValidationError);
      await expect(store.readStream(stream, { afterVersion: -1 })).rejects.toThrow(ValidationError);
      await expect(store.findUnpublished({ limit: 0 })).rejects.toThrow(ValidationError);
      await expect(
        store.findUnpublished({ limit: 1, storedBefore: new Date(Number.NaN) }),
      ).rejects.toThrow(ValidationError);
      expect(() => store.readCategory('conversation-')).toThrow(ValidationError);
      expect(() => store.readCategory('conversation', { batchSize: 0 })).toThrow(ValidationError);
      expect(await db.collection('events').countDocuments()).toBe(0);
    });

    it('lets exactly one of 50 concurrent appends at the same version win', async () => {
      const { store } = await openStore();
      const stream = freshStream();
      const siteId = newId();
      await store.append(stream, siteId, 0, [testEvent('setup', 1)]);

      const writers = Array.from({ length: 50 }, (_unused, index) => `w${index}`);
      const results = await Promise.allSettled(
        writers.map((writer) =>
          store.append(stream, siteId, 1, [testEvent(writer, 1), testEvent(writer, 2)]),
        ),
      );

      const winners = results.flatMap((result, index) =>
        result.status === 'fulfilled' ? [writers[index]] : [],
      );
      const failures = results.flatMap((result) =>
        result.status === 'rejected' ? [result.reason as unknown] : [],
      );
      expect(winners).toHaveLength(1);
      expect(failures).toHaveLength(49);
      for (const failure of failures) {
        expect(failure).toBeInstanceOf(ConcurrencyError);
        expect(failure).not.toBeInstanceOf(PartialAppendError);
      }
      const events = await store.readStream(stream);
      expectGapFree(events);
      expect(events.slice(1).map(writerOf)).toEqual([winners[0], winners[0]]);
      expect(events.slice(1).map(seqOf)).toEqual([1, 2]);
    });

    it(
      `reads back ${total} appends made concurrently over ${volume.streams} streams in order, with no gap`,
      async () => {
        const { store } = await openStore();
        const siteId = newId();
        const streams = Array.from({ length: volume.streams }, () => freshStream());
        // Every stream's writer appends its events one by one; the writers run at once, and two
        // of them append in pairs of events to mix multi-event appends in.
        await Promise.all(
          streams.map(async (stream, index) => {
            const perAppend = index < 2 ? 2 : 1;
            for (let version = 0; version < volume.perStream; version += perAppend) {
              const events = Array.from({ length: perAppend }, (_unused, offset) =>
                testEvent(stream, version + offset + 1),
              );
              await store.append(stream, siteId, version, events);
            }
          }),
        );

        let read = 0;
        for (const stream of streams) {
          const events = await store.readStream(stream);
          expectGapFree(events);
          expect(events).toHaveLength(volume.perStream);
          expect(events.every((event) => writerOf(event) === stream)).toBe(true);
          expect(events.map(seqOf)).toEqual(events.map((event) => event.version));
          expect(await store.streamVersion(stream)).toBe(volume.perStream);
          read += events.length;
        }
        expect(read).toBe(total);

        const sample = streams[0] ?? '';
        const last = volume.perStream;
        const page = await store.readStream(sample, { afterVersion: 10, limit: 5 });
        expect(page.map((event) => event.version)).toEqual([11, 12, 13, 14, 15]);
        expect(
          (await store.readStream(sample, { limit: 3 })).map((event) => event.version),
        ).toEqual([1, 2, 3]);
        expect(
          (await store.readStream(sample, { afterVersion: last - 2 })).map(
            (event) => event.version,
          ),
        ).toEqual([last - 1, last]);
        expect(await store.readStream(sample, { afterVersion: last })).toEqual([]);
      },
      VOLUME_TEST_TIMEOUT_MS,
    );

    it('lets writers that race on the same streams reload and retry until all is stored', async () => {
      const { store } = await openStore();
      const siteId = newId();
      const streams = Array.from({ length: 5 }, () => freshStream());
      const writers = ['x', 'y', 'z'];
      await Promise.all(
        streams.flatMap((stream) =>
          writers.map(async (writer) => {
            for (let seq = 1; seq <= 8; seq++)
              await appendWithRetry(store, stream, siteId, testEvent(writer, seq));
          }),
        ),
      );
      for (const stream of streams) {
        const events = await store.readStream(stream);
        expectGapFree(events);
        expect(events).toHaveLength(24);
        for (const writer of writers) {
          // Each writer's events are all there, in the writer's order.
          expect(events.filter((event) => writerOf(event) === writer).map(seqOf)).toEqual([
            1, 2, 3, 4, 5, 6, 7, 8,
          ]);
        }
      }
    });

    it('never leaves a gap when a writer appends on top of an append still in flight', async () => {
      const { store } = await openStore();
      const siteId = newId();
      // An append of more than 100 events is sent in slices of 100; the other writer builds on
      // the first slice as soon as it sees it. The second slice is made heavy (10 MB) so that
      // the other writer usually gets in first; either way the stream must stay gap-free.
      const padding = 'p'.repeat(100_000);
      const big = Array.from({ length: 300 }, (_unused, index) => {
        const event = testEvent('big', index + 1);
        return index < 100 || index >= 200
          ? event
          : { ...event, data: { ...(event.data as object), padding } };
      }) as NewEvent[];
      let partials = 0;
      for (let round = 0; round < 3; round++) {
        const stream = freshStream();
        await store.append(stream, siteId, 0, [testEvent('setup', 1)]);
        const bigAppend = store.append(stream, siteId, 1, big).then(
          () => undefined,
          (error: unknown) => error,
        );
        const deadline = Date.now() + 20_000;
        let seen = 1;
        while (seen === 1 && Date.now() < deadline) seen = await store.streamVersion(stream);
        const onTop = await store.append(stream, siteId, seen, [testEvent('top', 1)]).then(
          () => true,
          (error: unknown) => {
            if (!(error instanceof ConcurrencyError)) throw error;
            return false;
          },
        );
        const bigError = await bigAppend;
        const events = await store.readStream(stream);
        expectGapFree(events);

        if (bigError === undefined) {
          // The big append finished first: all of it is there; the other writer came after or lost.
          expect(events.slice(1, 301).every((event) => writerOf(event) === 'big')).toBe(true);
          expect(events).toHaveLength(onTop ? 302 : 301);
        } else {
          // The other writer took a version the big append had not reached: what the big append
          // stored before it is kept (deleting it would leave a gap under the other writer) and
          // reported; nothing after it was stored.
          partials += 1;
          expect(onTop).toBe(true);
          expect(bigError).toBeInstanceOf(PartialAppendError);
          const kept = (bigError as PartialAppendError).stored;
          expect(kept).toHaveLength(seen - 1);
          expect(events.slice(1, seen)).toEqual(kept);
          expect(events.slice(seen).map(writerOf)).toEqual(['top']);
        }
      }
      // The heavy slice gives the other writer a wide window: the partial path must be taken.
      expect(partials).toBeGreaterThan(0);
    });
  });
}

function registerReadTests(openStore: OpenStore): void {
  describe('readCategory', () => {
    it('returns only the category, ordered by (stream, version), across batch boundaries', async () => {
      const { store } = await openStore();
      const siteId = newId();
      const wanted = [
        'conversation-b',
        'conversation-A',
        'conversation-a_1',
        'conversation-a-2',
        'conversation-z',
      ];
      const others = [
        'conversations-a',
        'conversation_x-a',
        'visitor-a',
        'Conversation-a',
        'conversatio-a',
      ];
      for (const [index, stream] of [...wanted, ...others].entries()) {
        const count = (index % 3) + 1;
        await store.append(
          stream,
          siteId,
          0,
          Array.from({ length: count }, (_unused, seq) => testEvent(stream, seq + 1)),
        );
      }

      const read: StoredEvent[] = [];
      for await (const event of store.readCategory('conversation', { batchSize: 2 }))
        read.push(event);

      const expected = [...wanted]
        .sort((left, right) => (left < right ? -1 : left > right ? 1 : 0))
        .flatMap((stream) => {
          const count = (wanted.indexOf(stream) % 3) + 1;
          return Array.from({ length: count }, (_unused, seq) => `${stream}#${seq + 1}`);
        });
      expect(read.map((event) => `${event.stream}#${event.version}`)).toEqual(expected);
      expect(read.every((event) => writerOf(event) === event.stream)).toBe(true);
    });

    it('yields nothing for an empty category and stops cleanly when the reader breaks early', async () => {
      const { store } = await openStore();
      const siteId = newId();
      for (let index = 0; index < 5; index++)
        await store.append(freshStream(), siteId, 0, [testEvent('a', 1)]);

      const none: StoredEvent[] = [];
      for await (const event of store.readCategory('visitor')) none.push(event);
      expect(none).toEqual([]);

      const taken: string[] = [];
      for await (const event of store.readCategory('conversation', { batchSize: 1 })) {
        taken.push(event.id);
        if (taken.length === 2) break;
      }
      expect(taken).toHaveLength(2);
    });
  });
}

function registerOutboxTests(openStore: OpenStore): void {
  describe('findUnpublished and markPublished', () => {
    /** Appends, then waits for the clock to move on, so the next append has a later time. */
    const appendAndTick = async (
      store: EventStore,
      stream: string,
      siteId: string,
      events: NewEvent[],
    ) => {
      const stored = await store.append(stream, siteId, await store.streamVersion(stream), events);
      const time = Date.parse(stored[0]?.time ?? '');
      while (Date.now() <= time) await new Promise((resolve) => setImmediate(resolve));
      return stored;
    };

    it('finds unpublished events oldest first, honours storedBefore and limit, and marks idempotently', async () => {
      const { store } = await openStore();
      const siteId = newId();
      const [s1, s2] = [freshStream(), freshStream()];
      const first = await appendAndTick(store, s2, siteId, [testEvent('a', 1), testEvent('a', 2)]);
      const second = await appendAndTick(store, s1, siteId, [testEvent('b', 1)]);
      const third = await appendAndTick(store, s2, siteId, [testEvent('a', 3)]);

      expect(await store.findUnpublished({ limit: 100 })).toEqual([...first, ...second, ...third]);
      expect(await store.findUnpublished({ limit: 2 })).toEqual(first);
      expect(
        await store.findUnpublished({ limit: 100, storedBefore: new Date(second[0]?.time ?? '') }),
      ).toEqual(first);

      await store.markPublished([...first, ...third].map((event) => event.id));
      expect(await store.findUnpublished({ limit: 100 })).toEqual(second);
      // Marking again, or marking unknown ids, changes nothing and does not fail.
      await store.markPublished([first[0]?.id ?? '', 'unknown-id']);
      await store.markPublished([]);
      expect(await store.findUnpublished({ limit: 100 })).toEqual(second);

      await store.markPublished(second.map((event) => event.id));
      expect(await store.findUnpublished({ limit: 100 })).toEqual([]);
      // Published events are still part of their streams.
      expect((await store.readStream(s2)).map((event) => event.version)).toEqual([1, 2, 3]);
    });

    it('returns the events of one append in version order even though they share a time', async () => {
      const { store } = await openStore();
      const stream = freshStream();
      const stored = await store.append(
        stream,
        newId(),
        0,
        Array.from({ length: 30 }, (_unused, index) => testEvent('a', index + 1)),
      );
      expect(await store.findUnpublished({ limit: 30 })).toEqual(stored);
    });
  });
}

function registerOpenTests(freshDb: () => Db): void {
  describe('open', () => {
    it('creates the indexes once, and is safe to call again and concurrently', async () => {
      const db = freshDb();
      await Promise.all(Array.from({ length: 4 }, () => EventStore.open(db)));
      await EventStore.open(db);
      const indexes = await db.collection('events').indexes();
      const byKey = new Map(indexes.map((index) => [JSON.stringify(index.key), index]));
      expect(byKey.get('{"stream":1,"version":1}')?.unique).toBe(true);
      expect(byKey.has('{"published":1,"time":1}')).toBe(true);
      expect(byKey.has('{"siteId":1,"time":1}')).toBe(true);

      // The guard works after the concurrent creation.
      const store = await EventStore.open(db);
      const stream = freshStream();
      await store.append(stream, newId(), 0, [testEvent('a', 1)]);
      await expect(store.append(stream, newId(), 0, [testEvent('b', 1)])).rejects.toThrow(
        ConcurrencyError,
      );
    });

    it('uses another collection when told to, and keeps stores apart', async () => {
      const db = freshDb();
      const main = await EventStore.open(db);
      const other = await EventStore.open(db, { collection: 'archive_events' });
      const stream = freshStream();
      await other.append(stream, newId(), 0, [testEvent('a', 1)]);
      expect(await main.streamVersion(stream)).toBe(0);
      expect(await other.streamVersion(stream)).toBe(1);
      expect(await db.collection('archive_events').countDocuments()).toBe(1);
    });

    it('refuses to start on a non-unique (stream, version) index: the guard would be missing', async () => {
      const db = freshDb();
      await db
        .collection('events')
        .createIndex({ stream: 1, version: 1 }, { name: 'stream_version_plain' });
      await expect(EventStore.open(db)).rejects.toThrow(/non-unique index stream_version_plain/);
    });
  });
}
