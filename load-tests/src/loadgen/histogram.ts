import * as hdr from 'hdr-histogram-js';

/** Latency percentiles of one trend, milliseconds (the `latencyMs.<trend>` result fields). */
export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly p999: number;
  readonly count: number;
}

/** A latency summary with the extremes and the mean, milliseconds. */
export interface LatencySummary extends Latency {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Values are recorded in microseconds, from 1 µs to one hour, with 3 significant digits
 * (HdrHistogram: every recorded value is kept within 0.1 % of itself, whatever its size),
 * so a p99.9 of 40 ms and one of 40 s are both exact to three digits.
 */
const HIGHEST_US = 3_600_000_000;

/** A fresh histogram for one latency trend. */
export function createHistogram(): hdr.Histogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_US,
    numberOfSignificantValueDigits: 3,
    autoResize: true,
  });
}

/** Records one latency in milliseconds (negative values, from clock skew between threads, count as 0). */
export function recordMs(histogram: hdr.Histogram, ms: number): void {
  const us = Math.round(ms * 1000);
  histogram.recordValue(Math.min(HIGHEST_US, Math.max(1, us)));
}

/** The compact, mergeable form a worker thread sends to the generator's main thread. */
export function encodeHistogram(histogram: hdr.Histogram): string {
  return hdr.encodeIntoCompressedBase64(histogram);
}

/** Adds an encoded histogram (from `encodeHistogram`) into `into`. */
export function mergeEncoded(into: hdr.Histogram, encoded: string): void {
  into.add(hdr.decodeFromCompressedBase64(encoded));
}

/** Percentiles of a histogram in milliseconds; all zero when nothing was recorded. */
export function summarize(histogram: hdr.Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { p50: 0, p95: 0, p99: 0, p999: 0, count: 0, min: 0, max: 0, mean: 0 };
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    p999: ms(histogram.getValueAtPercentile(99.9)),
    count,
    min: ms(histogram.minNonZeroValue),
    max: ms(histogram.maxValue),
    mean: ms(histogram.mean),
  };
}
