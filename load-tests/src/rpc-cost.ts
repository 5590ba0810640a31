/**
 * `node load-tests/dist/rpc-cost.js [--requests N] [--concurrency C]` (after `npm run build`):
 * the CPU one `chat.post-message` round trip costs the bus itself, both ends in this process
 * (a caller and a responder on two connections to a fresh nats-server), with a handler that
 * answers at once: what the bus adds to every command (validation, headers, JSON, admission,
 * reply), with no store behind it. Prints the CPU µs per request (process.cpuUsage, comparable
 * on a busy machine) and the requests per second (wall time, not comparable there). Run it
 * under `node --cpu-prof` to see where that CPU goes. A diagnostic: writes nothing to results/.
 */
import { Bus } from '@sapa/bus';
import { newId, type VisitorActor } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { startNats } from '@sapa/testkit';
import { positiveIntegerArgument } from './cli-args.js';

const print = (line: string) => process.stdout.write(`${line}\n`);

/** CPU microseconds (user + system) this process used since `from`. */
const cpuMicrosSince = (from: NodeJS.CpuUsage): number => {
  const { user, system } = process.cpuUsage(from);
  return user + system;
};

async function main(): Promise<void> {
  const requests = positiveIntegerArgument('--requests', 20_000);
  const concurrency = positiveIntegerArgument('--concurrency', 32);
  const nats = await startNats({ jetstream: false });
  const logger = createLogger('rpc-cost', 'warn');
  const responder = await Bus.connect({ servers: nats.url, name: 'rpc-cost-responder', logger });
  const caller = await Bus.connect({ servers: nats.url, name: 'rpc-cost-caller', logger });
  try {
    let version = 0;
    responder.serve('chat.post-message', () =>
      Promise.resolve({ messageId: newId(), version: ++version, duplicate: false }),
    );
    const siteId = newId();
    const conversationId = newId();
    const author: VisitorActor = { kind: 'visitor', id: newId(), name: 'Visitor' };
    let sent = 0;
    const run = async (count: number): Promise<void> => {
      const limit = sent + count;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (sent < limit) {
            sent += 1;
            await caller.request('chat.post-message', {
              siteId,
              conversationId,
              author,
              clientMessageId: `m-${sent}`,
              text: 'Halo, saya mau tanya',
            });
          }
        }),
      );
    };
    // Warm-up: let V8 optimise the path before it is measured.
    await run(Math.min(2_000, requests));
    const cpuFrom = process.cpuUsage();
    const started = performance.now();
    await run(requests);
    const seconds = (performance.now() - started) / 1000;
    const cpuMicros = cpuMicrosSince(cpuFrom);
    print(`${requests} chat.post-message round trips, ${concurrency} in flight`);
    print(
      `CPU per round trip (caller + responder): ${(cpuMicros / requests).toFixed(1)} µs; ` +
        `${(requests / seconds).toFixed(0)} requests/s wall`,
    );
  } finally {
    await caller.drain();
    await responder.drain();
    await nats.dispose();
  }
}

await main();
