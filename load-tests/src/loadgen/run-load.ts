import { availableParallelism } from 'node:os';
import { readFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { LatencySummary } from './histogram.js';
import { assertLoopbackUrl, parsePortRange, portsPerAddress, sourceAddresses } from './loopback.js';
import { mergeSnapshots, type MetricsSnapshot } from './metrics.js';
import { socketsNeeded, thresholdsFor, type LoadSpec } from './plan.js';
import { failedThresholds } from './thresholds.js';
import type { MainMessage, WorkerMessage } from './worker-context.js';

/** What one generator run measured (written as JSON by `loadgen-main.js`). */
export interface LoadSummary {
  readonly scenario: string;
  readonly thresholdsPassed: boolean;
  /** Each failed threshold as a line (`sapa_lost <= 0, was 3`); [] when all held. */
  readonly failedThresholds: readonly string[];
  readonly counters: Readonly<Record<string, number>>;
  readonly trends: Readonly<Record<string, LatencySummary>>;
  /** The first warnings of each worker (error frames, failed parts). */
  readonly warnings: readonly string[];
  readonly generator: {
    readonly workers: number;
    readonly durationS: number;
    /** CPU (user + system) of the whole generator process over the run; 1.0 = one core. */
    readonly cpuCoresAvg: number;
    readonly localAddresses: readonly string[];
  };
}

/** Time the workers get, after being told to stop, to report before they are terminated. */
const REPORT_GRACE_MS = 15_000;

/**
 * Runs a scenario on `workers` worker threads (default: one per core) and merges what they
 * measured. Named barriers: when every worker has arrived at one (or ended), all are released.
 * Past `spec.stopAfterS` the workers are told to stop, and terminated if they do not report.
 */
// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
export async function runLoad(spec: LoadSpec, signal?: AbortSignal): Promise<LoadSummary> {
  const target = spec.targetUrl ?? spec.config?.wsUrl;
  if (!target) throw new Error('a load spec needs config.wsUrl or targetUrl');
  assertLoopbackUrl(target);
  const workers = Math.max(1, Math.floor(spec.workers ?? availableParallelism()));
  const range = parsePortRange(
    await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => undefined),
  );
  const localAddresses =
    spec.localAddresses ?? sourceAddresses(socketsNeeded(spec), portsPerAddress(range));
  const full: LoadSpec = { ...spec, localAddresses };
  const began = Date.now();
  const cpuBefore = process.cpuUsage();

  const threads = Array.from(
    { length: workers },
    (_, worker) =>
      new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { spec: full, worker, workers },
      }),
  );
  const snapshots: MetricsSnapshot[] = [];
  const warnings: string[] = [];
  const arrivals = new Map<string, Set<number>>();
  const ended = new Set<number>();
  const released = new Set<string>();
  const broadcast = (message: MainMessage) => {
    threads.forEach((thread, i) => {
      if (!ended.has(i)) thread.postMessage(message);
    });
  };
  const checkBarriers = () => {
    for (const [name, arrived] of arrivals) {
      if (released.has(name)) continue;
      if (threads.every((_, i) => arrived.has(i) || ended.has(i))) {
        released.add(name);
        broadcast({ type: 'release', name });
      }
    }
  };

  const stop = () => broadcast({ type: 'stop' });
  const stopTimer = setTimeout(stop, spec.stopAfterS * 1000);
  const killTimer = setTimeout(
    () => {
      for (const thread of threads) void thread.terminate();
    },
    spec.stopAfterS * 1000 + REPORT_GRACE_MS,
  );
  signal?.addEventListener('abort', () => {
    stop();
    setTimeout(() => {
      for (const thread of threads) void thread.terminate();
    }, REPORT_GRACE_MS).unref();
  });

  await Promise.all(
    threads.map(
      (thread, i) =>
        new Promise<void>((resolve) => {
          thread.on('message', (message: WorkerMessage) => {
            if (message.type === 'arrive') {
              const set = arrivals.get(message.name) ?? new Set<number>();
              set.add(i);
              arrivals.set(message.name, set);
              checkBarriers();
            } else {
              snapshots.push(message.snapshot);
              warnings.push(...message.warnings);
              void thread.terminate();
            }
          });
          thread.on('error', (error: Error) => {
            warnings.push(`[worker ${i}] crashed: ${error.stack ?? error.message}`);
            snapshots.push({ counters: { sapa_generator_errors: 1 }, trends: {} });
          });
          thread.on('exit', () => {
            ended.add(i);
            checkBarriers();
            resolve();
          });
        }),
    ),
  );
  clearTimeout(stopTimer);
  clearTimeout(killTimer);

  if (snapshots.length < workers) {
    warnings.push(`${workers - snapshots.length} worker(s) ended without reporting`);
    snapshots.push({ counters: { sapa_generator_errors: workers - snapshots.length }, trends: {} });
  }
  const merged = mergeSnapshots(snapshots);
  const failed = failedThresholds(
    [...thresholdsFor(spec), { counter: 'sapa_generator_errors', max: 0 }],
    merged.counters,
  );
  const cpu = process.cpuUsage(cpuBefore);
  const durationS = (Date.now() - began) / 1000;
  return {
    scenario: spec.scenario,
    thresholdsPassed: failed.length === 0,
    failedThresholds: failed,
    counters: merged.counters,
    trends: merged.trends,
    warnings,
    generator: {
      workers,
      durationS,
      cpuCoresAvg: durationS > 0 ? (cpu.user + cpu.system) / 1e6 / durationS : 0,
      localAddresses,
    },
  };
}
