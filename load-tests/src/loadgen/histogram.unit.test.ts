import { describe, expect, it } from '@jest/globals';
import {
  createHistogram,
  encodeHistogram,
  mergeEncoded,
  recordMs,
  summarize,
} from './histogram.js';

describe('latency histogram', () => {
  it('gives percentiles in milliseconds within 0.1 % of the recorded values', () => {
    const histogram = createHistogram();
    // 1 .. 1000 ms: p50 = 500 ms, p99 = 990 ms, p99.9 = 999 ms.
    for (let ms = 1; ms <= 1000; ms++) recordMs(histogram, ms);
    const summary = summarize(histogram);
    expect(summary.count).toBe(1000);
    expect(summary.p50).toBeCloseTo(500, -0.3);
    expect(Math.abs(summary.p99 - 990) / 990).toBeLessThan(0.001);
    expect(Math.abs(summary.p999 - 999) / 999).toBeLessThan(0.001);
    expect(summary.min).toBe(1);
    expect(Math.abs(summary.max - 1000) / 1000).toBeLessThan(0.001);
  });

  it('keeps sub-millisecond and hour-long values apart', () => {
    const histogram = createHistogram();
    recordMs(histogram, 0.25);
    recordMs(histogram, 3_000_000);
    const summary = summarize(histogram);
    expect(summary.min).toBeCloseTo(0.25, 2);
    expect(summary.max / 3_000_000).toBeCloseTo(1, 2);
  });

  it('counts a negative latency (clock skew between threads) as the smallest value', () => {
    const histogram = createHistogram();
    recordMs(histogram, -3);
    expect(summarize(histogram)).toMatchObject({ count: 1, min: 0.001 });
  });

  it('merges encoded histograms as if every value had been recorded in one', () => {
    const a = createHistogram();
    const b = createHistogram();
    for (let i = 0; i < 900; i++) recordMs(a, 10);
    for (let i = 0; i < 100; i++) recordMs(b, 1000);
    const merged = createHistogram();
    mergeEncoded(merged, encodeHistogram(a));
    mergeEncoded(merged, encodeHistogram(b));
    const summary = summarize(merged);
    expect(summary.count).toBe(1000);
    expect(summary.p50).toBeCloseTo(10, 1);
    expect(summary.p95 / 1000).toBeCloseTo(1, 2);
  });

  it('is all zero when nothing was recorded', () => {
    expect(summarize(createHistogram())).toEqual({
      p50: 0,
      p95: 0,
      p99: 0,
      p999: 0,
      count: 0,
      min: 0,
      max: 0,
      mean: 0,
    });
  });
});
