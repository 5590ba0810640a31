// One worker thread of the load generator: runs its share of the scenario, closes its sockets,
// and reports its metrics to the main thread (run-load.ts), which then ends the thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadSpec } from './plan.js';
import { SCENARIOS } from './scenarios/index.js';
import { WorkerContext, type MainMessage } from './worker-context.js';

const port = parentPort;
if (!port) throw new Error('loadgen/worker.js runs only as a worker thread');
const { spec, worker, workers } = workerData as { spec: LoadSpec; worker: number; workers: number };
const ctx = new WorkerContext(spec, worker, workers, {
  post: (message) => port.postMessage(message),
  onMessage: (listener) => port.on('message', (message: MainMessage) => listener(message)),
});
try {
  await SCENARIOS[spec.scenario](ctx);
} catch (error) {
  ctx.warn(
    `scenario failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  ctx.metrics.add('sapa_generator_errors');
}
await ctx.closeAll(3_000);
ctx.report();
