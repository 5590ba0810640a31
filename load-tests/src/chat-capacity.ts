/**
 * `npm run chat-capacity -- [--conversations N] [--concurrency C] [--seconds S] [--pool P]`:
 * how many messages the chat service stores per second on this machine's store, without a
 * gateway or sockets in the way, next to what the store itself does. Starts NATS, FerretDB on
 * PostgreSQL and the chat service (`MONGO_MAX_POOL_SIZE` = P), opens N conversations, then for
 * S seconds keeps C `chat.post-message` requests in flight over NATS (each answered only once
 * its event is stored). Before that, with nothing else running, it times C concurrent bare
 * `insertOne`s on the same FerretDB: the store's own ceiling. It also prints the CPU time each
 * stored message cost the chat service (from /proc) and this process, the caller (its bus
 * validates and sends the request and reads the reply): CPU, not wall time, is what stays
 * comparable on a machine shared with other work.
 * A diagnostic, not a benchmark: it prints and writes nothing to results/
 * (docs/performance.md, "Fourth pass").
 */
import { MongoClient } from 'mongodb';
import { Bus } from '@sapa/bus';
import { newId, type VisitorActor } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { startFerretDb, startNats, startService, uniqueName } from '@sapa/testkit';
import { positiveIntegerArgument } from './cli-args.js';
import { sampleProcess } from './process-sampler.js';
import { createHistogram, recordMs, summarize, type LatencySummary } from './loadgen/histogram.js';

interface Timed {
  readonly perSecond: number;
  readonly failed: number;
  readonly latency: LatencySummary;
}

/** Runs `operation` from `concurrency` loops for `seconds`; each loop waits for its answer. */
async function timed(
  concurrency: number,
  seconds: number,
  operation: (turn: number) => Promise<unknown>,
): Promise<Timed> {
  const histogram = createHistogram();
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
          recordMs(histogram, performance.now() - sent);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const latency = summarize(histogram);
  return { perSecond: latency.count / ((performance.now() - started) / 1000), failed, latency };
}

const print = (line: string) => process.stdout.write(`${line}\n`);

/** CPU seconds (user + system) used so far by process `pid` (0 when it is gone). */
const cpuSecondsOf = async (pid: number | undefined): Promise<number> =>
  pid === undefined ? 0 : ((await sampleProcess(pid, 0))?.cpuSeconds ?? 0);

/** CPU seconds this process has used so far. */
const ownCpuSeconds = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

const microsPerMessage = (cpuSeconds: number, messages: number): string =>
  messages > 0 ? `${((cpuSeconds * 1e6) / messages).toFixed(0)} µs` : 'n/a';

const describe = (what: string, result: Timed) =>
  `${what}: ${result.perSecond.toFixed(0)}/s, p50 ${result.latency.p50.toFixed(1)} ms, ` +
  `p99 ${result.latency.p99.toFixed(1)} ms, failed ${result.failed}`;

async function main(): Promise<void> {
  const conversations = positiveIntegerArgument('--conversations', 200);
  const concurrency = positiveIntegerArgument('--concurrency', 32);
  const seconds = positiveIntegerArgument('--seconds', 10);
  const pool = positiveIntegerArgument('--pool', 8);

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

    const chatCpuBefore = await cpuSecondsOf(chat.pid());
    const callerCpuBefore = ownCpuSeconds();
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
    const callerCpu = ownCpuSeconds() - callerCpuBefore;
    const chatCpu = (await cpuSecondsOf(chat.pid())) - chatCpuBefore;
    print(
      `${conversations} conversations, ${concurrency} in flight, ${seconds} s, chat pool ${pool}`,
    );
    print(describe('chat.post-message (stored, then answered)', posts));
    print(
      `CPU per stored message: chat service ${microsPerMessage(chatCpu, posts.latency.count)}, ` +
        `caller ${microsPerMessage(callerCpu, posts.latency.count)} ` +
        `(chat ${chatCpu.toFixed(2)} s, caller ${callerCpu.toFixed(2)} s for ${posts.latency.count})`,
    );
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
