import { describe, expect, it } from '@jest/globals';
import { Metrics, mergeSnapshots } from './metrics.js';
import { failedThresholds } from './thresholds.js';

describe('Metrics', () => {
  it('reports declared counters as 0 and adds the rest', () => {
    const metrics = new Metrics();
    metrics.declare(['sapa_lost', 'sapa_dropped']);
    metrics.add('sapa_welcomed');
    metrics.add('sapa_welcomed', 2);
    expect(metrics.snapshot().counters).toEqual({
      sapa_lost: 0,
      sapa_dropped: 0,
      sapa_welcomed: 3,
    });
  });

  it('merges the workers: counters summed, trends merged before the percentiles', () => {
    const a = new Metrics();
    const b = new Metrics();
    a.add('sapa_msgs_delivered', 5);
    b.add('sapa_msgs_delivered', 7);
    b.add('sapa_lost');
    for (let i = 0; i < 50; i++) a.time('sapa_v2a_ms', 2);
    for (let i = 0; i < 50; i++) b.time('sapa_v2a_ms', 200);
    const merged = mergeSnapshots([a.snapshot(), b.snapshot()]);
    expect(merged.counters).toEqual({ sapa_msgs_delivered: 12, sapa_lost: 1 });
    const trend = merged.trends['sapa_v2a_ms'];
    expect(trend?.count).toBe(100);
    expect(trend?.p50).toBeCloseTo(2, 1);
    expect((trend?.p99 ?? 0) / 200).toBeCloseTo(1, 2);
  });
});

describe('failedThresholds', () => {
  it('lists each broken rule with the value seen, and nothing when all hold', () => {
    const rules = [
      { counter: 'sapa_lost', max: 0 },
      { counter: 'sapa_reconnected', min: 150 },
      { counter: 'sapa_connect_failed', max: 2 },
    ];
    expect(
      failedThresholds(rules, { sapa_lost: 0, sapa_reconnected: 150, sapa_connect_failed: 2 }),
    ).toEqual([]);
    expect(failedThresholds(rules, { sapa_lost: 3, sapa_reconnected: 149 })).toEqual([
      'sapa_lost <= 0, was 3',
      'sapa_reconnected >= 150, was 149',
    ]);
  });

  it('takes a counter nobody reported as 0', () => {
    expect(failedThresholds([{ counter: 'sapa_page_views', min: 1 }], {})).toEqual([
      'sapa_page_views >= 1, was 0',
    ]);
  });
});
