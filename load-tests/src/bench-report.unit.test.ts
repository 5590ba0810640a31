import { describe, expect, it } from '@jest/globals';
import { latency, systemResult } from './bench-report.js';
import type { LoadResult } from './load-runner.js';
import type { LatencySummary } from './loadgen/histogram.js';
import type { Sample } from './process-sampler.js';

const KiB = 1024;

const sample = (atMs: number, fds: number, rssKiB: number, cpuSeconds: number): Sample => ({
  atMs,
  rssBytes: rssKiB * KiB,
  cpuSeconds,
  fds,
  tcpInUse: 0,
  kernelTcpBytes: 0,
});

const run = (
  counters: Record<string, number>,
  trends: Record<string, LatencySummary> = {},
  failed: string[] = [],
): LoadResult => ({
  scenario: 'chat',
  exitCode: failed.length === 0 ? 0 : 99,
  thresholdsPassed: failed.length === 0,
  failedThresholds: failed,
  counters,
  trends,
  warnings: [],
  generator: { workers: 2, durationS: 10, cpuCoresAvg: 0.4, localAddresses: [] },
  output: 'the generator says',
});

describe('systemResult', () => {
  const baseline = sample(0, 20, 100_000, 10);
  // 1,000 connections cost 10 KiB each on top of a 100,000 KiB process.
  const samples = [
    sample(1000, 520, 105_000, 10.5),
    sample(2000, 1020, 110_000, 11.5),
    sample(3000, 1020, 110_000, 11.7),
    sample(4000, 20, 104_000, 11.8),
  ];

  it('takes connections from the peak of open descriptors and memory at that moment', () => {
    const result = systemResult('sapa', run({}), samples, baseline, {
      latencies: [],
      messagesWindowS: 0,
    });
    expect(result.connectionsHeld).toBe(1000);
    expect(result.rssAtHeldBytes).toBe(110_000 * KiB);
    expect(result.memoryPerConnectionBytes).toBe(10 * KiB);
    expect(result.memoryPerConnectionSlopeBytes).toBe(10 * KiB);
    expect(result.rssPeakBytes).toBe(110_000 * KiB);
  });

  it('reports average and peak CPU in cores', () => {
    const result = systemResult('sapa', run({}), samples, baseline, {
      latencies: [],
      messagesWindowS: 0,
    });
    expect(result.cpuCoresAvg).toBeCloseTo(1.8 / 4);
    expect(result.cpuCoresPeak).toBeCloseTo(1.0);
  });

  it('sums errors and losses from the generator counters and rates messages over the window', () => {
    const result = systemResult(
      'sapa',
      run(
        {
          sapa_msgs_delivered: 500,
          sapa_error_frames: 2,
          sapa_connect_failed: 1,
          sapa_dropped: 0,
          sapa_lost: 3,
          sapa_gaps: 1,
          sapa_duplicated: 0,
        },
        {
          sapa_v2a_ms: { p50: 4, p95: 9, p99: 20, p999: 80, count: 500, min: 1, max: 90, mean: 5 },
        },
        ['sapa_lost <= 0, was 3'],
      ),
      samples,
      baseline,
      { latencies: ['sapa_v2a_ms'], messagesWindowS: 10 },
    );
    expect(result.thresholdsPassed).toBe(false);
    expect(result.failedThresholds).toEqual(['sapa_lost <= 0, was 3']);
    expect(result.generatorCpuCoresAvg).toBe(0.4);
    expect(result.messagesPerSecond).toBe(50);
    expect(result.errors).toBe(3);
    expect(result.lost).toBe(4);
    expect(result.duplicated).toBe(0);
    expect(result.latencyMs['sapa_v2a_ms']).toEqual({
      p50: 4,
      p95: 9,
      p99: 20,
      p999: 80,
      count: 500,
    });
    expect(result.extra['sapa_msgs_delivered']).toBe(500);
  });
});

describe('latency', () => {
  it('is all zero for a trend the generator never recorded', () => {
    expect(latency(run({}), 'sapa_a2v_ms')).toEqual({ p50: 0, p95: 0, p99: 0, p999: 0, count: 0 });
  });
});
