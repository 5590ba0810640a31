import { afterAll, afterEach, beforeAll, describe } from '@jest/globals';
import { uniqueName } from '@sapa/testkit';
import { MongoClient, type Db } from 'mongodb';
import { EventStore } from './event-store.js';
import { registerAppendTests } from './event-store-append.test-support.js';
import type { StoreTarget } from './event-store-fixtures.test-support.js';
import {
  registerOpenTests,
  registerOutboxTests,
  registerReadTests,
} from './event-store-reads.test-support.js';

export {
  expectGapFree,
  freshStream,
  testEvent,
  type StoreTarget,
} from './event-store-fixtures.test-support.js';

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
