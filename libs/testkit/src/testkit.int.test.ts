import { afterAll, describe, expect, it } from '@jest/globals';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { startFerretDb, startNats, startRedis, testInfra, uniqueName, waitFor } from './index.js';
import type { TestServer } from './index.js';

const started: TestServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((server) => server.dispose()));
});

async function track(server: Promise<TestServer>): Promise<TestServer> {
  const running = await server;
  started.push(running);
  return running;
}

describe('testkit servers', () => {
  it('keeps a JetStream message across a NATS restart on the same port', async () => {
    const nats = await track(startNats({ jetstream: true }));
    const stream = uniqueName('stream');
    const subject = `${uniqueName('subj')}.created`;

    const nc = await connect({ servers: nats.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: stream, subjects: [subject] });
    await jetstream(nc).publish(subject, 'kept', { msgID: 'm-1' });
    await nc.close();

    await nats.restart();

    const after = await connect({ servers: nats.url });
    try {
      const message = await (await jetstreamManager(after)).streams.getMessage(stream, { seq: 1 });
      expect(message?.string()).toBe('kept');
      expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
    } finally {
      await after.close();
    }
  });

  it('starts a Redis that answers PING, and refuses connections once stopped', async () => {
    const redis = await track(startRedis());
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    await expect(client.ping()).resolves.toBe('PONG');
    client.disconnect();
    await redis.stop();
    const again = new Redis(redis.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    await expect(again.connect()).rejects.toThrow();
    again.disconnect();
  });

  it('keeps a FerretDB document after a SIGKILL and a restart', async () => {
    const ferret = await track(startFerretDb());
    const dbName = uniqueName('db');
    const client = new MongoClient(ferret.url, { serverSelectionTimeoutMS: 5_000 });
    await client
      .db(dbName)
      .collection('docs')
      .insertOne({ _id: 'a' as unknown as never, n: 1 });
    await client.close();

    await ferret.kill();
    await ferret.restart();

    const reader = new MongoClient(ferret.url, { serverSelectionTimeoutMS: 5_000 });
    try {
      const doc = await reader.db(dbName).collection('docs').findOne({ n: 1 });
      expect(doc).toMatchObject({ _id: 'a', n: 1 });
      await expect(reader.db('admin').command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    } finally {
      await reader.close();
    }
  });

  it('answers more concurrent updates than FerretDB has PostgreSQL connections', async () => {
    // Upstream FerretDB 1.24 hangs here for good: each update keeps its query's connection
    // while it waits for a second one. The setup's build releases it (scripts/ferretdb-patches).
    const ferret = await track(startFerretDb({ backend: 'postgresql', postgresqlPoolMaxConns: 4 }));
    const client = new MongoClient(ferret.url, { maxPoolSize: 24 });
    try {
      const docs = client.db(uniqueName('db')).collection<{ _id: number; n: number }>('docs');
      await docs.insertMany(Array.from({ length: 24 }, (_, id) => ({ _id: id, n: 0 })));
      for (let round = 0; round < 20; round += 1) {
        await Promise.all(
          Array.from({ length: 24 }, (_, id) =>
            id % 2 === 0
              ? docs.updateOne({ _id: id }, { $inc: { n: 1 } })
              : docs.findOneAndUpdate({ _id: id }, { $inc: { n: 1 } }),
          ),
        );
      }
      const counts = await docs.find({}, { projection: { n: 1 } }).toArray();
      expect(counts.map((doc) => doc.n)).toEqual(Array.from({ length: 24 }, () => 20));
    } finally {
      await client.close();
    }
  }, 30_000);

  it('answers an equality on an indexed field from its index, arrays holding the value included', async () => {
    // Upstream FerretDB 1.24 sends `_jsonb->$1 @> $2`, which no index serves: every stream read
    // scanned the whole events table. The setup's build sends an index-served form instead.
    const ferret = await track(startFerretDb({ backend: 'postgresql' }));
    const client = new MongoClient(ferret.url);
    try {
      interface Doc {
        _id: string;
        stream: string | string[] | number;
        published: boolean | boolean[];
      }
      const events = client.db(uniqueName('db')).collection<Doc>('events');
      await events.createIndex({ stream: 1 });
      await events.createIndex({ published: 1 });
      await events.insertMany(
        Array.from({ length: 5_000 }, (_, i) => ({
          _id: `e${i}`,
          stream: `s-${i % 500}`,
          published: i % 1_000 !== 0,
        })),
      );
      await events.insertMany([
        { _id: 'array', stream: ['x', 's-7'], published: [true, false] },
        { _id: 'empty-array', stream: [], published: [] },
        { _id: 'a-number', stream: 7, published: true },
      ]);

      const plan = JSON.stringify(await events.find({ stream: 's-7' }).explain());
      expect(plan).toContain('Index Scan');
      expect(plan).not.toContain('Seq Scan');

      const ids = async (filter: Partial<Doc>): Promise<string[]> =>
        (await events.find(filter).toArray()).map((doc) => doc._id).sort();
      expect(await ids({ stream: 's-7' })).toEqual(
        ['array', ...Array.from({ length: 10 }, (_, k) => `e${7 + 500 * k}`)].sort(),
      );
      expect(await ids({ published: false })).toEqual([
        'array',
        'e0',
        'e1000',
        'e2000',
        'e3000',
        'e4000',
      ]);
    } finally {
      await client.close();
    }
  }, 30_000);

  it('exposes the shared servers of the run through testInfra()', async () => {
    const infra = testInfra();
    const nc = await connect({ servers: infra.natsUrl });
    await nc.flush();
    await nc.close();
    const client = new MongoClient(infra.mongoUrl, { serverSelectionTimeoutMS: 5_000 });
    try {
      const ok = await waitFor(
        async () => (await client.db('admin').command({ ping: 1 }))['ok'] === 1,
        {
          timeoutMs: 5_000,
        },
      );
      expect(ok).toBe(true);
    } finally {
      await client.close();
    }
  });
});
