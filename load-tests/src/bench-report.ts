import { cpus, loadavg, totalmem } from 'node:os';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { counter, type LoadResult } from './load-runner.js';
import { targetsSection } from './bench-targets.js';
import type { Latency } from './loadgen/histogram.js';
import { cpuCores, type Sample } from './process-sampler.js';

export type { Latency } from './loadgen/histogram.js';

/** One system's figures in one scenario (README.md, "Result fields"). */
export interface SystemResult {
  readonly system: 'sapa' | 'socketio' | 'centrifugo';
  readonly thresholdsPassed: boolean;
  /** The thresholds that failed, one line each (`sapa_lost <= 0, was 3`); [] when all held. */
  readonly failedThresholds: readonly string[];
  /** CPU of the load generator over its run (it shares the machine's cores with the server). */
  readonly generatorCpuCoresAvg: number;
  readonly connectionsHeld: number;
  readonly rssBaseBytes: number;
  readonly rssPeakBytes: number;
  readonly rssAtHeldBytes: number;
  readonly memoryPerConnectionBytes: number;
  /** Least-squares slope of RSS over connections across the run's samples (fixed heap headroom cancels out). */
  readonly memoryPerConnectionSlopeBytes: number;
  readonly kernelPerConnectionBytes: number;
  readonly cpuCoresAvg: number;
  readonly cpuCoresPeak: number;
  readonly messagesPerSecond: number;
  readonly messagesDelivered: number;
  readonly latencyMs: Readonly<Record<string, Latency>>;
  readonly errors: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly extra: Readonly<Record<string, number>>;
  /** The end of the generator's output (its warnings and failed thresholds). */
  readonly outputTail: string;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly scale: string;
  readonly startedAt: string;
  readonly durationS: number;
  readonly machine: {
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
    /** 1-minute load average when the scenario ended (other work on the box skews figures). */
    readonly loadAverage: number;
  };
  readonly params: Readonly<Record<string, string | number>>;
  readonly results: readonly SystemResult[];
  readonly notes: readonly string[];
}

/** Percentiles of one trend of a run; all zero for a trend the generator never recorded. */
export function latency(result: Pick<LoadResult, 'trends'>, metric: string): Latency {
  const trend = result.trends[metric];
  if (!trend) return { p50: 0, p95: 0, p99: 0, p999: 0, count: 0 };
  return { p50: trend.p50, p95: trend.p95, p99: trend.p99, p999: trend.p999, count: trend.count };
}

/**
 * Turns process samples and a generator run into one system's figures. Connections held = the most
 * file descriptors the server process had above its baseline (one per socket); memory per
 * connection = (RSS at that moment − RSS before the run) / connections. Kernel memory is the
 * machine's TCP memory above the baseline, halved (on loopback both ends live in this kernel).
 */
export function systemResult(
  system: SystemResult['system'],
  load: LoadResult,
  samples: readonly Sample[],
  baseline: Sample,
  options: { latencies: readonly string[]; messagesWindowS: number },
): SystemResult {
  let held = baseline;
  for (const sample of samples) if (sample.fds > held.fds) held = sample;
  const connections = Math.max(0, held.fds - baseline.fds);
  let peakCpu = 0;
  for (let i = 1; i < samples.length; i++) {
    const [a, b] = [samples[i - 1], samples[i]];
    if (a && b) peakCpu = Math.max(peakCpu, cpuCores(a, b));
  }
  const last = samples.at(-1) ?? baseline;
  const delivered = counter(load, 'sapa_msgs_delivered');
  const latencies: Record<string, Latency> = {};
  for (const metric of options.latencies) latencies[metric] = latency(load, metric);
  return {
    system,
    thresholdsPassed: load.thresholdsPassed,
    failedThresholds: load.failedThresholds,
    generatorCpuCoresAvg: load.generator.cpuCoresAvg,
    connectionsHeld: connections,
    rssBaseBytes: baseline.rssBytes,
    rssPeakBytes: Math.max(...samples.map((s) => s.rssBytes), baseline.rssBytes),
    rssAtHeldBytes: held.rssBytes,
    memoryPerConnectionBytes:
      connections > 0 ? Math.round((held.rssBytes - baseline.rssBytes) / connections) : 0,
    memoryPerConnectionSlopeBytes: Math.round(slope(samples, baseline)),
    // Both ends of every loopback connection live in this kernel: half is the server's share.
    kernelPerConnectionBytes:
      connections > 0
        ? Math.round((held.kernelTcpBytes - baseline.kernelTcpBytes) / connections / 2)
        : 0,
    cpuCoresAvg: cpuCores(baseline, last),
    cpuCoresPeak: peakCpu,
    messagesPerSecond: options.messagesWindowS > 0 ? delivered / options.messagesWindowS : 0,
    messagesDelivered: delivered,
    latencyMs: latencies,
    errors:
      counter(load, 'sapa_error_frames') +
      counter(load, 'sapa_connect_failed') +
      counter(load, 'sapa_dropped'),
    lost: counter(load, 'sapa_lost') + counter(load, 'sapa_gaps'),
    duplicated: counter(load, 'sapa_duplicated'),
    extra: { ...load.counters },
    outputTail: load.output.slice(-3000),
  };
}

/** RSS bytes per extra connection: least squares over the samples that hold connections. */
function slope(samples: readonly Sample[], baseline: Sample): number {
  const points = samples
    .filter((s) => s.fds - baseline.fds > 0)
    .map((s) => [s.fds - baseline.fds, s.rssBytes] as const);
  if (points.length < 3) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : 0;
}

export function machine(): ScenarioResult['machine'] {
  return {
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverage: loadavg()[0] ?? 0,
  };
}

const kib = (bytes: number) => (bytes / 1024).toFixed(1);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const ms = (value: number) => value.toFixed(1);

/** Writes `<dir>/<date>-<scenario>.json` and returns its markdown section. */
export async function writeScenario(
  dir: string,
  date: string,
  result: ScenarioResult,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${date}-${result.scenario}.json`), JSON.stringify(result, null, 2));
  const lines = [
    `## ${result.scenario} (${result.scale})`,
    '',
    `Parameters: ${Object.entries(result.params)
      .map(([k, v]) => `${k}=${v}`)
      .join(
        ', ',
      )}. Duration ${result.durationS.toFixed(0)} s. Load average at the end: ${result.machine.loadAverage.toFixed(1)} on ${result.machine.cores} cores.`,
    '',
    '| system | thresholds | connections | RSS base → held (MiB) | per conn (KiB) | slope (KiB) | kernel per conn (KiB) | CPU avg / peak (cores) | generator CPU (cores) | msgs/s | msgs | errors | lost | dup |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of result.results) {
    lines.push(
      `| ${r.system} | ${r.thresholdsPassed ? 'pass' : `FAIL (${r.failedThresholds.join('; ')})`} | ${r.connectionsHeld} | ${mib(r.rssBaseBytes)} → ${mib(r.rssAtHeldBytes)} | ${kib(r.memoryPerConnectionBytes)} | ${kib(r.memoryPerConnectionSlopeBytes)} | ${kib(r.kernelPerConnectionBytes)} | ${r.cpuCoresAvg.toFixed(2)} / ${r.cpuCoresPeak.toFixed(2)} | ${r.generatorCpuCoresAvg.toFixed(2)} | ${r.messagesPerSecond.toFixed(0)} | ${r.messagesDelivered} | ${r.errors} | ${r.lost} | ${r.duplicated} |`,
    );
  }
  const latencyRows: string[] = [];
  for (const r of result.results) {
    for (const [metric, l] of Object.entries(r.latencyMs)) {
      if (l.count === 0) continue;
      latencyRows.push(
        `| ${r.system} | ${metric} | ${l.count} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.p999)} |`,
      );
    }
  }
  if (latencyRows.length > 0) {
    lines.push(
      '',
      '| system | latency | count | p50 ms | p95 ms | p99 ms | p99.9 ms |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...latencyRows,
    );
  }
  const [sapa, ...others] = result.results;
  for (const other of others) {
    if (!sapa || sapa.system !== 'sapa' || other.memoryPerConnectionBytes <= 0) continue;
    lines.push(
      '',
      `Ratios Sapa / ${other.system}: memory per connection ${(sapa.memoryPerConnectionBytes / other.memoryPerConnectionBytes).toFixed(2)}` +
        (other.cpuCoresAvg > 0
          ? `, CPU ${(sapa.cpuCoresAvg / other.cpuCoresAvg).toFixed(2)}`
          : '') +
        (other.messagesPerSecond > 0
          ? `, msgs/s ${(sapa.messagesPerSecond / other.messagesPerSecond).toFixed(2)}`
          : '') +
        '.',
    );
  }
  lines.push(...targetsSection(result));
  for (const note of result.notes) lines.push('', `- ${note}`);
  lines.push('');
  return lines.join('\n');
}
