import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId } from '@sapa/contracts';
import { startFerretDb, uniqueName, type TestServer } from '@sapa/testkit';
import { MongoClient } from 'mongodb';
import { connect } from 'node:net';
import { EventStore } from './event-store.js';
import {
  describeEventStore,
  expectGapFree,
  freshStream,
  testEvent,
} from './event-store.test-support.js';

// FerretDB's two backends differ underneath (PostgreSQL: jsonb tables and real indexes; SQLite:
// one file per database), and behaviour did differ (see docs/event-store.md), so the whole
// suite runs on each, on a FerretDB of its own. The 1,000-append volume test runs on the
// shared server (event-store.int.test.ts); here it is smaller, because on SQLite every read
// scans the whole collection and 1,000 appends take minutes.

/** True when something accepts TCP connections there (the local PostgreSQL, typically). */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1_000 });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

const postgresHost = process.env['SAPA_TEST_PG_HOST'] ?? '127.0.0.1';
const postgresPort = Number(process.env['SAPA_TEST_PG_PORT'] ?? 5432);
const backends: ('sqlite' | 'postgresql')[] = ['sqlite', 'postgresql'];

for (const backend of backends) {
  describeEventStore({
    name: `FerretDB on ${backend}`,
    start: async () => {
      if (backend === 'postgresql' && !(await reachable(postgresHost, postgresPort))) {
        // Without a PostgreSQL there is nothing to compare; say so rather than pass silently.
        throw new Error(
          `FerretDB/postgresql suite needs PostgreSQL at ${postgresHost}:${postgresPort}`,
        );
      }
      const server = await startFerretDb({ backend });
      return { url: server.url, release: () => server.dispose() };
    },
    volume: { streams: 10, perStream: 20 },
  });
}

describe('EventStore across a FerretDB restart', () => {
  let server: TestServer;
  let client: MongoClient;

  beforeAll(async () => {
    server = await startFerretDb({ backend: 'sqlite' });
    client = new MongoClient(server.url, { serverSelectionTimeoutMS: 1_000 });
  });

  afterAll(async () => {
    await client?.close();
    await server?.dispose();
  });

  it('reports UnavailableError while the server is down and carries on after it is back', async () => {
    const store = await EventStore.open(client.db(uniqueName('event_store')));
    const stream = freshStream();
    const siteId = newId();
    await store.append(stream, siteId, 0, [testEvent('a', 1)]);

    await server.kill();
    await expect(store.append(stream, siteId, 1, [testEvent('a', 2)])).rejects.toMatchObject({
      code: 'unavailable',
    });
    await expect(store.readStream(stream)).rejects.toMatchObject({ code: 'unavailable' });

    await server.restart();
    // The append that failed while the server was down stored nothing: version 1 is still current.
    expect(await store.streamVersion(stream)).toBe(1);
    await store.append(stream, siteId, 1, [testEvent('a', 2)]);
    const events = await store.readStream(stream);
    expectGapFree(events);
    expect(events).toHaveLength(2);
  });
});
