import { describe, expect, it } from '@jest/globals';
import { newId, type StoredEvent } from '@sapa/contracts';
import type { Db } from 'mongodb';
import { EventStore, type NewEvent } from './event-store.js';
import {
  freshStream,
  testEvent,
  writerOf,
  type OpenStore,
} from './event-store-fixtures.test-support.js';

/** Reading a category for projection rebuilds. */
export function registerReadTests(openStore: OpenStore): void {
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

/** The outbox queries. */
export function registerOutboxTests(openStore: OpenStore): void {
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

/** Opening a store: indexes, collection name, a missing guard. */
export function registerOpenTests(freshDb: () => Db): void {
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

      // The index itself refuses a second document at a taken (stream, version), whoever writes.
      const stream = freshStream();
      const raw = db.collection<{ _id: string; stream: string; version: number }>('events');
      await raw.insertOne({ _id: newId(), stream, version: 1 });
      await expect(raw.insertOne({ _id: newId(), stream, version: 1 })).rejects.toMatchObject({
        code: 11000,
      });
      expect(await raw.countDocuments({ stream })).toBe(1);
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
