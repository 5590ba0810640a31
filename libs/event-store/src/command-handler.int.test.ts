import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ConcurrencyError, newId, type StoredEvent } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { testInfra, uniqueName } from '@sapa/testkit';
import { MongoClient, type Db } from 'mongodb';
import { CommandHandler } from './command-handler.js';
import {
  CountingStore,
  RecordingSink,
  close,
  note,
  reopenIfClosed,
  tallyAggregate,
  type TallyEvent,
  type TallyState,
} from './command-handler.test-support.js';
import { EventStore } from './event-store.js';
import { expectGapFree, freshStream } from './event-store-fixtures.test-support.js';

// Two CommandHandlers on two EventStores of one database stand for two chat replicas writing
// the same streams, each with its own state cache; the database is the run's shared server.
const logger = createLogger('event-store-test', 'silent');
let client: MongoClient;
const databases: Db[] = [];

beforeAll(async () => {
  client = new MongoClient(testInfra().mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
});
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.dropDatabase()));
});
afterAll(async () => {
  await client?.close();
});

interface Replica {
  readonly store: CountingStore;
  readonly sink: RecordingSink;
  readonly handler: CommandHandler;
}

async function replicas(count: number, cachedStreams?: number): Promise<Replica[]> {
  const db = client.db(uniqueName('command_handler'));
  databases.push(db);
  return Promise.all(
    Array.from({ length: count }, async () => {
      const store = new CountingStore(await EventStore.open(db));
      const sink = new RecordingSink();
      const handler = new CommandHandler(store, sink, logger, { cachedStreams });
      return { store, sink, handler };
    }),
  );
}

/** Two replicas of one database, and a fresh stream of a fresh site for them to share. */
async function twoReplicasOnOneStream(): Promise<{
  a: Replica;
  b: Replica;
  stream: string;
  siteId: string;
}> {
  const [a, b] = await replicas(2);
  if (!a || !b) throw new Error('two replicas expected');
  return { a, b, stream: freshStream(), siteId: newId() };
}

const run = (
  replica: Replica,
  stream: string,
  siteId: string,
  decide: (state: TallyState) => TallyEvent[],
) => replica.handler.handle({ aggregate: tallyAggregate, stream, siteId, metadata: {}, decide });

/** Who wrote a note ('-' for other events). */
const writerOf = (event: StoredEvent): string => {
  const parsed = tallyAggregate.parse(event);
  return parsed.type === 'Noted' ? parsed.data.writer : '-';
};

/** Every note saw exactly the notes before it: no decision was made on a stale state. */
function expectEveryNoteSawAllBefore(events: readonly StoredEvent[]): void {
  expectGapFree(events);
  let notes = 0;
  for (const event of events.map((stored) => tallyAggregate.parse(stored))) {
    if (event.type !== 'Noted') continue;
    expect(event.data.seen).toBe(notes);
    notes++;
  }
}

async function readAll(stream: string, replica: Replica): Promise<StoredEvent[]> {
  const before = replica.store.reads.length;
  const events = await replica.store.readStream(stream);
  replica.store.reads.splice(before);
  return events;
}

describe('CommandHandler with its state cache, on a real store', () => {
  it('two replicas alternating on one stream: gap-free, each decision sees the other’s events', async () => {
    const { a, b, stream, siteId } = await twoReplicasOnOneStream();

    for (let turn = 0; turn < 20; turn++) {
      const [replica, writer] = turn % 2 === 0 ? [a, 'a'] : [b, 'b'];
      const outcome = await run(replica, stream, siteId, note(writer));
      expect(outcome.version).toBe(turn + 1);
      expect(outcome.state.notes).toBe(turn + 1);
      expect(outcome.stored.map((event) => event.version)).toEqual([turn + 1]);
    }

    const events = await readAll(stream, a);
    expect(events).toHaveLength(20);
    expectEveryNoteSawAllBefore(events);
    expect(events.map(writerOf).join('')).toBe('ab'.repeat(10));
    // From the third turn on, each replica's cached state is one event behind: one refused
    // append and one catch-up read per command; only each replica's first read starts at 0.
    expect(a.store.conflicts + b.store.conflicts).toBe(18);
    expect(a.store.fullReads()).toBe(1);
    expect(b.store.fullReads()).toBe(1);
    expect([...a.store.reads, ...b.store.reads].filter((after) => after > 0)).toHaveLength(18);
    expect([...a.sink.published, ...b.sink.published]).toHaveLength(20);
  });

  it('a warm handler appends without reading; load() still reads what others wrote', async () => {
    const { a, b, stream, siteId } = await twoReplicasOnOneStream();

    for (let turn = 0; turn < 10; turn++) await run(a, stream, siteId, note('a'));
    expect(a.store.reads).toEqual([0]);
    expect(a.store.conflicts).toBe(0);

    await run(b, stream, siteId, note('b'));
    const loaded = await a.handler.load(tallyAggregate, stream, siteId);
    expect(loaded).toEqual({ state: { notes: 11, closed: false }, version: 11 });
    // load() asked only for what came after its cached version.
    expect(a.store.reads).toEqual([0, 10]);

    // ...and left its cache current: the next command reads nothing and does not conflict.
    await run(a, stream, siteId, note('a'));
    expect(a.store.reads).toEqual([0, 10]);
    expect(a.store.conflicts).toBe(0);
    expectEveryNoteSawAllBefore(await readAll(stream, a));
  });

  it('confirms a "nothing to do" decided on a cached state before returning it', async () => {
    const { a, b, stream, siteId } = await twoReplicasOnOneStream();

    await run(a, stream, siteId, note('a')); // a caches version 1, open
    await run(b, stream, siteId, close); // version 2, which a has not seen

    // On a's cached state there is nothing to reopen; on the stream there is.
    const outcome = await run(a, stream, siteId, reopenIfClosed);
    expect(outcome.stored.map((event) => [event.type, event.version])).toEqual([['Reopened', 3]]);
    expect(outcome.state.closed).toBe(false);

    // A confirmed no-op stays a no-op, with the current version.
    await run(b, stream, siteId, note('b')); // version 4
    const nothing = await run(a, stream, siteId, reopenIfClosed);
    expect(nothing).toMatchObject({ version: 4, stored: [] });
  });

  it('confirms a refusal decided on a cached state before throwing it', async () => {
    const { a, b, stream, siteId } = await twoReplicasOnOneStream();

    await run(a, stream, siteId, close); // a caches version 1, closed
    await run(b, stream, siteId, reopenIfClosed); // version 2: open again

    // a's cached state refuses the note; the stream accepts it.
    const outcome = await run(a, stream, siteId, note('a'));
    expect(outcome.stored.map((event) => [event.type, event.version])).toEqual([['Noted', 3]]);

    // A refusal that holds on the current stream is thrown.
    await run(b, stream, siteId, close); // version 4
    await expect(run(a, stream, siteId, note('a'))).rejects.toMatchObject({ code: 'conflict' });
    expectGapFree(await readAll(stream, a));
  });

  it('two replicas writing one stream at the same time stay gap-free and never decide stale', async () => {
    const { a, b, stream, siteId } = await twoReplicasOnOneStream();

    // Three tight loops on one stream: a command may lose 8 races in a row and give up with
    // ConcurrencyError (storing nothing), with or without the cache; what it stored is checked.
    const storedVersions: number[] = [];
    const writeMany = async (replica: Replica, writer: string) => {
      for (let turn = 0; turn < 15; turn++) {
        try {
          const outcome = await run(replica, stream, siteId, note(writer));
          storedVersions.push(...outcome.stored.map((event) => event.version));
        } catch (error) {
          if (!(error instanceof ConcurrencyError)) throw error;
        }
      }
    };
    await Promise.all([writeMany(a, 'a'), writeMany(b, 'b'), writeMany(a, 'c')]);

    const events = await readAll(stream, a);
    expect(events.length).toBeGreaterThan(0);
    expect(storedVersions.sort((x, y) => x - y)).toEqual(events.map((event) => event.version));
    expectEveryNoteSawAllBefore(events);
    expect(await a.handler.load(tallyAggregate, stream, siteId)).toMatchObject({
      version: events.length,
    });
  });

  it('does not serve a cached stream to another site', async () => {
    const [a] = await replicas(1);
    if (!a) throw new Error('a replica expected');
    const stream = freshStream();
    const siteId = newId();
    await run(a, stream, siteId, note('a'));

    await expect(run(a, stream, newId(), note('x'))).rejects.toMatchObject({ code: 'not_found' });
    await expect(a.handler.load(tallyAggregate, stream, newId())).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(await readAll(stream, a)).toHaveLength(1);
  });

  it('answers without waiting for the published marks, which are written in batches', async () => {
    const [a] = await replicas(1);
    if (!a) throw new Error('a replica expected');
    const siteId = newId();
    let openGate = () => {};
    a.store.markGate = new Promise<void>((resolve) => (openGate = resolve));

    // The first mark hangs: every command still answers, and the next marks wait their turn.
    const streams = Array.from({ length: 5 }, () => freshStream());
    for (const stream of streams) await run(a, stream, siteId, note('a'));
    expect(a.store.marks).toHaveLength(1);
    const unpublished = await a.store.store.findUnpublished({ limit: 100 });
    expect(unpublished.filter((event) => streams.includes(event.stream))).toHaveLength(5);

    openGate();
    await a.handler.drain();
    expect(a.store.marks.map((ids) => ids.length)).toEqual([1, 4]);
    const after = await a.store.store.findUnpublished({ limit: 100 });
    expect(after.filter((event) => streams.includes(event.stream))).toEqual([]);
  });

  it('reads every stream from the start with the cache off, or once evicted', async () => {
    const [off] = await replicas(1, 0);
    const [small] = await replicas(1, 1);
    if (!off || !small) throw new Error('replicas expected');
    const siteId = newId();
    const streams = [freshStream(), freshStream()];

    for (let turn = 0; turn < 3; turn++) {
      for (const stream of streams) {
        await run(off, stream, siteId, note('off'));
        await run(small, stream, siteId, note('small'));
      }
    }
    // Off: every command reads its stream from version 0, as before the cache.
    expect(off.store.reads).toEqual(Array.from({ length: 6 }, () => 0));
    // One entry, two streams used in turn: each command finds the other stream cached.
    expect(small.store.fullReads()).toBe(6);
    for (const stream of streams) expectEveryNoteSawAllBefore(await readAll(stream, off));
  });
});
