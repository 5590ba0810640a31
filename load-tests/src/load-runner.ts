import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadSpec } from './loadgen/plan.js';
import type { LoadSummary } from './loadgen/run-load.js';

/** A generator run as the bench sees it: its exit, its summary, and the end of its output. */
export interface LoadResult extends LoadSummary {
  /** 0 when every threshold held; 99 when one failed; anything else is an error. */
  readonly exitCode: number;
  /** The last 16 KiB the generator printed (warnings, failed thresholds, errors). */
  readonly output: string;
}

export interface LoadRunOptions {
  readonly repoRoot: string;
  readonly spec: Omit<LoadSpec, 'stopAfterS'>;
  /** Where the generator writes its summary (the spec goes beside it, `-spec.json`). */
  readonly summaryPath: string;
  /** Hard stop for the generator process (its scenarios bound themselves; this is the safety net). */
  readonly timeoutMs: number;
}

/**
 * Runs one scenario in a generator process (`load-tests/dist/loadgen-main.js`, worker threads
 * inside) and reads its summary. Past `timeoutMs` the generator is told to stop (SIGTERM: its
 * workers stop and still report), and killed 30 s later.
 */
export async function runLoad(options: LoadRunOptions): Promise<LoadResult> {
  const specPath = options.summaryPath.replace(/\.json$/, '') + '-spec.json';
  // The generator stops its workers itself a little before the bench would signal it.
  const spec: LoadSpec = {
    ...options.spec,
    stopAfterS: Math.max(5, options.timeoutMs / 1000 - 20),
  };
  await writeFile(specPath, JSON.stringify(spec, null, 2));
  const main = join(options.repoRoot, 'load-tests', 'dist', 'loadgen-main.js');
  const child = spawn(process.execPath, [main, specPath, options.summaryPath], {
    cwd: options.repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-16 * 1024);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
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
  if (timedOut)
    output += `\nthe generator ran past its ${options.timeoutMs} ms timeout and was stopped`;
  try {
    const summary = JSON.parse(await readFile(options.summaryPath, 'utf8')) as LoadSummary;
    return {
      ...summary,
      thresholdsPassed: summary.thresholdsPassed && exitCode === 0,
      exitCode,
      output,
    };
  } catch {
    // No summary: the generator failed before the end; exitCode and output say why.
    return {
      scenario: spec.scenario,
      thresholdsPassed: false,
      failedThresholds: [`the generator exited with ${exitCode} and wrote no summary`],
      counters: {},
      trends: {},
      warnings: [],
      generator: { workers: 0, durationS: 0, cpuCoresAvg: 0, localAddresses: [] },
      exitCode,
      output,
    };
  }
}

/** A counter's total over every worker, 0 when absent. */
export function counter(result: Pick<LoadSummary, 'counters'>, name: string): number {
  return result.counters[name] ?? 0;
}
