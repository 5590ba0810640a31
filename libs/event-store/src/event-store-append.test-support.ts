import { describe, expect, it } from '@jest/globals';
import {
  ConcurrencyError,
  NotFoundError,
  ValidationError,
  newId,
  type EventMetadata,
} from '@sapa/contracts';
import type { NewEvent } from './event-store.js';
import {
  VOLUME_TEST_TIMEOUT_MS,
  appendWithRetry,
  expectGapFree,
  freshStream,
  seqOf,
  testEvent,
  writerOf,
  type OpenStore,
  type Volume,
} from './event-store-fixtures.test-support.js';
import { PartialAppendError } from './store-errors.js';

/** Appends: the concurrency guard, multi-event appends, volume, partial appends. */
export function registerAppendTests(openStore: OpenStore, volume: Volume): void {
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

    it('without the head read (expectedVersionSeen), still refuses a writer that is behind', async () => {
      const { store } = await openStore();
      const stream = freshStream();
      const siteId = newId();
      const seen = { expectedVersionSeen: true };
      await store.append(stream, siteId, 0, [testEvent('a', 1)], seen);
      await store.append(stream, siteId, 1, [testEvent('a', 2), testEvent('a', 3)], seen);

      // Two writers that both saw version 1 (or 0): the one that is behind stores nothing.
      await expect(store.append(stream, siteId, 1, [testEvent('b', 1)], seen)).rejects.toThrow(
        ConcurrencyError,
      );
      await expect(store.append(stream, newId(), 0, [testEvent('x', 1)], seen)).rejects.toThrow(
        ConcurrencyError,
      );
      expect((await store.readStream(stream)).map(writerOf)).toEqual(['a', 'a', 'a']);
    });

    it("refuses to append to another site's stream, as if it did not exist", async () => {
      const { store } = await openStore();
      const stream = freshStream();
      const owner = newId();
      const mine = await store.append(stream, owner, 0, [testEvent('a', 1)]);

      const intruder = store.append(stream, newId(), 1, [testEvent('b', 1)]);
      await expect(intruder).rejects.toThrow(NotFoundError);
      await expect(intruder).rejects.toMatchObject({ code: 'not_found' });
      expect(await store.readStream(stream)).toEqual(mine);
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
          expect(onTop).toBe(true);
          expect(bigError).toBeInstanceOf(PartialAppendError);
          const kept = (bigError as PartialAppendError).stored;
          expect(kept).toHaveLength(seen - 1);
          expect(events.slice(1, seen)).toEqual(kept);
          expect(events.slice(seen).map(writerOf)).toEqual(['top']);
        }
      }
      // Which branch a round takes depends on timing: the heavy slice makes the partial path
      // likely, not certain, so each branch is asserted when it happens rather than demanding
      // one (that demand failed CI once). The slicing and gap rules themselves are unit-tested
      // deterministically in append-outcome.unit.test.ts.
    });
  });
}
