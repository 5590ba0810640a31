import { describe, expect, it } from '@jest/globals';
import type { ScenarioResult, SystemResult } from './bench-report.js';
import { checkTargets, targetsSection } from './bench-targets.js';

const KiB = 1024;
const quiet = { count: 10, p50: 1, p95: 1, p99: 1, p999: 1 };

const system = (overrides: Partial<SystemResult>): SystemResult => ({
  system: 'sapa',
  thresholdsPassed: true,
  failedThresholds: [],
  generatorCpuCoresAvg: 0,
  connectionsHeld: 0,
  rssBaseBytes: 0,
  rssPeakBytes: 0,
  rssAtHeldBytes: 0,
  memoryPerConnectionBytes: 0,
  memoryPerConnectionSlopeBytes: 0,
  kernelPerConnectionBytes: 0,
  cpuCoresAvg: 0,
  cpuCoresPeak: 0,
  messagesPerSecond: 0,
  messagesDelivered: 0,
  latencyMs: {},
  errors: 0,
  lost: 0,
  duplicated: 0,
  extra: {},
  outputTail: '',
  ...overrides,
});

const scenario = (
  name: string,
  results: SystemResult[],
  params: ScenarioResult['params'] = {},
): ScenarioResult => ({
  scenario: name,
  scale: 'small',
  startedAt: '2026-11-30T00:00:00Z',
  durationS: 10,
  machine: { cores: 2, memoryGiB: 24, node: 'v24', loadAverage: 1 },
  params,
  results,
  notes: [],
});

const byTarget = (result: ScenarioResult) =>
  Object.fromEntries(checkTargets(result).map((check) => [check.target, check]));

describe('checkTargets', () => {
  it('idle: says how far from 100,000 sockets and 12 KiB, and compares with Centrifugo', () => {
    const checks = byTarget(
      scenario(
        'idle',
        [
          system({ connectionsHeld: 2_998, memoryPerConnectionBytes: 16.8 * KiB }),
          system({ system: 'centrifugo', memoryPerConnectionBytes: 52.4 * KiB }),
        ],
        { SOCKETS: 3000 },
      ),
    );
    expect(checks['idle sockets on one gateway ≥ 100,000']).toMatchObject({
      measured: '2,998',
      met: false,
      gap: '×33.4 short',
    });
    expect(checks['idle sockets on one gateway ≥ 100,000']?.limit).toMatch(/asked for 3000/);
    expect(checks['memory per idle connection ≤ 12 KiB']).toMatchObject({
      measured: '16.8 KiB',
      met: false,
      gap: '×1.4 over',
    });
    expect(checks["memory per idle connection ≤ Centrifugo's (52.4 KiB)"]).toMatchObject({
      met: true,
      gap: '',
      limit: '',
    });
  });

  it('chat: throughput and each latency quantile against its bound', () => {
    const checks = byTarget(
      scenario('chat', [
        system({
          messagesPerSecond: 123,
          latencyMs: { sapa_v2a_ms: { ...quiet, p50: 4, p99: 30, p999: 90 } },
        }),
      ]),
    );
    expect(checks['chat messages/s end to end ≥ 5,000']).toMatchObject({
      met: false,
      gap: '×40.7 short',
    });
    expect(checks['visitor → agent p50 ≤ 5 ms']?.met).toBe(true);
    expect(checks['visitor → agent p99 ≤ 25 ms']).toMatchObject({ met: false, gap: '×1.2 over' });
    expect(checks['visitor → agent p99.9 ≤ 100 ms']?.met).toBe(true);
    // No agent → visitor messages measured: no row rather than a made-up one.
    expect(checks['agent → visitor p50 ≤ 5 ms']).toBeUndefined();
  });

  it('storm: met only with 100,000 sockets back within 60 s', () => {
    const small = byTarget(
      scenario('storm', [system({ connectionsHeld: 2_000, extra: { storm_seconds: 4.7 } })]),
    );
    expect(small['100,000 reconnects within 60 s of a gateway restart']).toMatchObject({
      measured: '2,000 back in 4.7 s',
      met: false,
      gap: '×50.0 short',
    });
    const full = byTarget(
      scenario('storm', [system({ connectionsHeld: 100_000, extra: { storm_seconds: 59 } })]),
    );
    expect(full['100,000 reconnects within 60 s of a gateway restart']?.met).toBe(true);
  });

  it('every scenario: lost or duplicated messages fail the last target', () => {
    const lossy = byTarget(scenario('fanout', [system({ lost: 3 })]));
    expect(lossy['zero lost and zero duplicated messages']).toMatchObject({
      measured: '3 lost, 0 duplicated',
      met: false,
    });
    expect(
      byTarget(scenario('fanout', [system({})]))['zero lost and zero duplicated messages']?.met,
    ).toBe(true);
  });

  it('writes a markdown table, and nothing for a run without Sapa', () => {
    const lines = targetsSection(scenario('fanout', [system({})]));
    expect(lines).toContain(
      '| zero lost and zero duplicated messages | 0 lost, 0 duplicated | yes |  |  |',
    );
    expect(targetsSection(scenario('idle', [system({ system: 'socketio' })]))).toEqual([]);
  });
});
