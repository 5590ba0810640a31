import { describe, expect, it } from '@jest/globals';
import { freePort, testInfra } from '@sapa/testkit';
import { MongoClient } from 'mongodb';
import { EventStore } from './event-store.js';
import { describeEventStore, type StoreTarget } from './event-store.test-support.js';

// The run's shared MongoDB-protocol server (FerretDB here, a real MongoDB where Docker is), and
// any real MongoDB named by SAPA_TEST_REAL_MONGO_URL: everything that could differ runs on both.
const targets: StoreTarget[] = [
  {
    name: 'the shared test server',
    start: () => Promise.resolve({ url: testInfra().mongoUrl, release: () => Promise.resolve() }),
  },
];
const realMongoUrl = process.env['SAPA_TEST_REAL_MONGO_URL'];
if (realMongoUrl) {
  targets.push({
    name: 'MongoDB (SAPA_TEST_REAL_MONGO_URL)',
    start: () => Promise.resolve({ url: realMongoUrl, release: () => Promise.resolve() }),
  });
}

for (const target of targets) describeEventStore(target);

describe('EventStore without a database', () => {
  it('reports an unreachable server as UnavailableError, keeping the driver error as cause', async () => {
    const client = new MongoClient(`mongodb://127.0.0.1:${await freePort()}/`, {
      serverSelectionTimeoutMS: 300,
    });
    try {
      const failure = EventStore.open(client.db('nowhere'));
      await expect(failure).rejects.toMatchObject({
        code: 'unavailable',
        name: 'UnavailableError',
      });
      await expect(failure).rejects.toHaveProperty('cause.name', 'MongoServerSelectionError');
    } finally {
      await client.close();
    }
  });
});
