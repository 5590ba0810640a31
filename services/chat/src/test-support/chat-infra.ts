import { MongoClient, type Db } from 'mongodb';
import { Bus, ensureEventsStream } from '@sapa/bus';
import type { Logger } from '@sapa/platform';
import { startNats, testInfra, uniqueName, type TestServer } from '@sapa/testkit';

/** What a chat int test runs on: its own NATS (JetStream), a fresh database and a bus. */
export interface ChatInfra {
  readonly nats: TestServer;
  readonly mongo: MongoClient;
  readonly db: Db;
  readonly bus: Bus;
  /** Drains the bus, closes the database client and stops NATS. */
  dispose(): Promise<void>;
}

/**
 * Starts a NATS server of the test's own (so its durable consumers meet no other test's),
 * opens a database with a fresh name on the test database server (FerretDB unless a MongoDB
 * URL is given) and connects a bus; the events stream exists, as in any installation.
 */
export async function startChatInfra(name: string, logger: Logger): Promise<ChatInfra> {
  const nats = await startNats({ jetstream: true });
  const mongo = await MongoClient.connect(testInfra().mongoUrl);
  const bus = await Bus.connect({ servers: nats.url, name: `${name}-int`, logger });
  await ensureEventsStream(bus);
  return {
    nats,
    mongo,
    db: mongo.db(uniqueName(name)),
    bus,
    async dispose() {
      await bus.drain();
      await mongo.close();
      await nats.dispose();
    },
  };
}
