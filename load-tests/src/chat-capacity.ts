/**
 * `npm run chat-capacity -- [--conversations N] [--concurrency C] [--seconds S] [--pool P]`:
 * how many messages the chat service stores per second on this machine's store, without a
 * gateway or sockets in the way, next to what the store itself does. Starts NATS, FerretDB on
 * PostgreSQL and the chat service (`MONGO_MAX_POOL_SIZE` = P), opens N conversations, then for
 * S seconds keeps C `chat.post-message` requests in flight over NATS (each answered only once
 * its event is stored). Before that, with nothing else running, it times C concurrent bare
 * `insertOne`s on the same FerretDB: the store's own ceiling.
 * A diagnostic, not a benchmark: it prints and writes nothing to results/
 * (docs/performance.md, "Fourth pass").
 */
import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { newId, type VisitorActor } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { startFerretDb, startNats, startService, uniqueName } from '@sapa/testkit';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(name);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
}

interface Timed {
  readonly perSecond: number;
  readonly failed: number;
  readonly p50: number;
  readonly p99: number;
}

/** Runs `operation` from `concurrency` loops for `seconds`; each loop waits for its answer. */
async function timed(
  concurrency: number,
  seconds: number,
  operation: (turn: number) => Promise<unknown>,
): Promise<Timed> {
  const latencies: number[] = [];
  let failed = 0;
  let turn = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        try {
          await operation(turn++);
          latencies.push(performance.now() - sent);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const quantile = (q: number) => latencies[Math.floor(q * (latencies.length - 1))] ?? NaN;
  return {
    perSecond: latencies.length / elapsed,
    failed,
    p50: quantile(0.5),
    p99: quantile(0.99),
  };
}

const print = (line: string) => process.stdout.write(`${line}\n`);

const describe = (what: string, result: Timed) =>
  `${what}: ${result.perSecond.toFixed(0)}/s, p50 ${result.p50.toFixed(1)} ms, ` +
  `p99 ${result.p99.toFixed(1)} ms, failed ${result.failed}`;

async function main(): Promise<void> {
  const conversations = argument('--conversations', 200);
  const concurrency = argument('--concurrency', 32);
  const seconds = argument('--seconds', 10);
  const pool = argument('--pool', 8);

  const nats = await startNats({ jetstream: true });
  const ferret = await startFerretDb({ backend: 'postgresql', postgresqlPoolMaxConns: 30 });
  const chat = await startService({
    name: 'chat',
    env: {
      NATS_URL: nats.url,
      MONGO_URL: ferret.url,
      MONGO_DB: uniqueName('capacity'),
      MONGO_MAX_POOL_SIZE: String(pool),
    },
  });
  const bus = await Bus.connect({
    servers: nats.url,
    name: 'chat-capacity',
    logger: createLogger('chat-capacity', 'warn'),
  });
  const client = new MongoClient(ferret.url, { maxPoolSize: concurrency });
  try {
    const siteId = newId();
    const open: { conversationId: string; author: VisitorActor }[] = [];
    for (let index = 0; index < conversations; index++) {
      const author: VisitorActor = { kind: 'visitor', id: newId(), name: `Visitor ${index}` };
      const { conversationId } = await bus.request(
        'chat.start-conversation',
        { siteId, visitor: author },
        { timeoutMs: 30_000 },
      );
      open.push({ conversationId, author });
    }

    const events = client.db(uniqueName('bare')).collection('events');
    await events.createIndex({ stream: 1, version: 1 }, { unique: true });
    const inserts = await timed(concurrency, seconds, (turn) =>
      events.insertOne({ stream: `s-${turn % concurrency}`, version: turn, text: 'Halo' }),
    );

    const posts = await timed(concurrency, seconds, (turn) => {
      const { conversationId, author } = open[turn % open.length] ?? {};
      if (conversationId === undefined || author === undefined) throw new Error('no conversation');
      return bus.request(
        'chat.post-message',
        {
          siteId,
          conversationId,
          author,
          clientMessageId: `m-${turn}`,
          text: 'Halo, saya mau tanya',
        },
        { timeoutMs: 10_000 },
      );
    });
    print(
      `${conversations} conversations, ${concurrency} in flight, ${seconds} s, chat pool ${pool}`,
    );
    print(describe('chat.post-message (stored, then answered)', posts));
    print(describe('bare insertOne on the same FerretDB', inserts));
  } finally {
    await client.close();
    await bus.drain();
    await chat.stop();
    await ferret.dispose();
    await nats.dispose();
  }
}

await main();
