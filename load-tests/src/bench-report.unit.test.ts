import { describe, expect, it } from '@jest/globals';
import { latency, systemResult } from './bench-report.js';
import type { K6Result } from './k6-runner.js';
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

const k6 = (metrics: K6Result['metrics'], exitCode = 0): K6Result => ({
  exitCode,
  thresholdsPassed: exitCode === 0,
  metrics,
  output: 'k6 says',
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
    const result = systemResult('sapa', k6({}), samples, baseline, {
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
    const result = systemResult('sapa', k6({}), samples, baseline, {
      latencies: [],
      messagesWindowS: 0,
    });
    expect(result.cpuCoresAvg).toBeCloseTo(1.8 / 4);
    expect(result.cpuCoresPeak).toBeCloseTo(1.0);
  });

  it('sums errors and losses from the k6 counters and rates messages over the window', () => {
    const result = systemResult(
      'sapa',
      k6(
        {
          sapa_msgs_delivered: { count: 500, rate: 1 },
          sapa_error_frames: { count: 2, rate: 0 },
          sapa_connect_failed: { count: 1, rate: 0 },
          sapa_dropped: { count: 0, rate: 0 },
          sapa_lost: { count: 3, rate: 0 },
          sapa_gaps: { count: 1, rate: 0 },
          sapa_duplicated: { count: 0, rate: 0 },
          sapa_v2a_ms: { med: 4, 'p(95)': 9, 'p(99)': 20, 'p(99.9)': 80, count: 500 },
        },
        99,
      ),
      samples,
      baseline,
      { latencies: ['sapa_v2a_ms'], messagesWindowS: 10 },
    );
    expect(result.thresholdsPassed).toBe(false);
    expect(result.k6ExitCode).toBe(99);
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
  it('is all zero for a trend k6 never recorded', () => {
    expect(latency(k6({}), 'sapa_a2v_ms')).toEqual({ p50: 0, p95: 0, p99: 0, p999: 0, count: 0 });
  });
});
