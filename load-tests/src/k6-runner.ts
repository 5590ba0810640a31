import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A k6 metric from --summary-export: counters have count/rate, trends avg/med/p(..). */
export type K6Metric = Readonly<Record<string, number | Record<string, boolean>>>;

export interface K6Result {
  /** 0 when every threshold held; 99 when a threshold failed; anything else is an error. */
  readonly exitCode: number;
  readonly thresholdsPassed: boolean;
  readonly metrics: Readonly<Record<string, K6Metric>>;
  /** The last 16 KiB k6 printed (its own summary and errors). */
  readonly output: string;
}

/** Where setup.sh puts k6 (`.tools/bin/k6`), else whatever `k6` is on PATH. */
export function k6Binary(repoRoot: string): string {
  const local = join(repoRoot, '.tools', 'bin', 'k6');
  return existsSync(local) ? local : 'k6';
}

export interface K6RunOptions {
  readonly repoRoot: string;
  /** Script path relative to load-tests/k6 (e.g. `idle.js`). */
  readonly script: string;
  /** Passed as `-e NAME=value` (the scripts' knobs). */
  readonly env: Readonly<Record<string, string | number>>;
  /** Where k6 writes the end-of-test summary JSON. */
  readonly summaryPath: string;
  /** Extra k6 flags, e.g. ['--local-ips', '127.0.0.2-127.0.0.9']. */
  readonly flags?: readonly string[];
  /** Hard stop for the k6 process (the scripts bound themselves; this is the safety net). */
  readonly timeoutMs: number;
}

/** Runs one k6 scenario to its end and reads its summary. */
export async function runK6(options: K6RunOptions): Promise<K6Result> {
  const args = [
    'run',
    '--quiet',
    '--no-usage-report',
    // k6's REST API on a free port, so runs in parallel (smoke test and a bench) do not clash.
    '--address',
    '127.0.0.1:0',
    '--summary-trend-stats',
    'avg,min,med,max,p(95),p(99),p(99.9),count',
    '--summary-export',
    options.summaryPath,
    ...(options.flags ?? []),
  ];
  for (const [name, value] of Object.entries(options.env)) args.push('-e', `${name}=${value}`);
  args.push(join(options.repoRoot, 'load-tests', 'k6', options.script));
  const child = spawn(k6Binary(options.repoRoot), args, {
    cwd: options.repoRoot,
    env: { ...process.env, K6_NO_COLOR: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-16 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // Past the timeout k6 is asked to stop (SIGTERM: it ends the test and still writes its
  // summary), and killed if it does not within 30 s.
  let timedOut = false;
  let killer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGTERM');
    killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  }, options.timeoutMs);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  clearTimeout(timer);
  clearTimeout(killer);
  if (timedOut) output += `\nk6 ran past its ${options.timeoutMs} ms timeout and was stopped`;
  let metrics: Record<string, K6Metric> = {};
  try {
    const summary = JSON.parse(await readFile(options.summaryPath, 'utf8')) as {
      metrics?: Record<string, K6Metric>;
    };
    metrics = summary.metrics ?? {};
  } catch {
    // No summary: k6 failed before the end; exitCode and output say why.
  }
  return { exitCode, thresholdsPassed: exitCode === 0, metrics, output };
}

/** A number from a k6 metric (`count`, `rate`, `med`, `p(99)` ...), 0 when absent. */
export function metricValue(result: K6Result, metric: string, field: string): number {
  const value = result.metrics[metric]?.[field];
  return typeof value === 'number' ? value : 0;
}
