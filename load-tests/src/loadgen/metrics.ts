import type { Histogram } from 'hdr-histogram-js';
import {
  createHistogram,
  encodeHistogram,
  mergeEncoded,
  recordMs,
  summarize,
  type LatencySummary,
} from './histogram.js';

/** What one worker thread measured, in a form that crosses `postMessage`. */
export interface MetricsSnapshot {
  readonly counters: Readonly<Record<string, number>>;
  /** Trend name → HdrHistogram, compressed and base64-encoded. */
  readonly trends: Readonly<Record<string, string>>;
}

/** Every worker's snapshot added up: counters summed, histograms merged, then summarized. */
export interface MergedMetrics {
  readonly counters: Readonly<Record<string, number>>;
  readonly trends: Readonly<Record<string, LatencySummary>>;
}

/**
 * Counters and latency trends of one worker thread (k6's Counter and Trend, by the same names:
 * `sapa_lost`, `sapa_v2a_ms` ...). A counter that was declared but never added to is reported as
 * 0 rather than left out, so a threshold on it always has a value.
 */
export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly trends = new Map<string, Histogram>();

  /** Makes counters appear in the result even when nothing is ever added to them. */
  declare(names: readonly string[]): void {
    for (const name of names) if (!this.counters.has(name)) this.counters.set(name, 0);
  }

  add(counter: string, value = 1): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + value);
  }

  /** Records one latency in milliseconds. */
  time(trend: string, ms: number): void {
    let histogram = this.trends.get(trend);
    if (!histogram) {
      histogram = createHistogram();
      this.trends.set(trend, histogram);
    }
    recordMs(histogram, ms);
  }

  count(counter: string): number {
    return this.counters.get(counter) ?? 0;
  }

  snapshot(): MetricsSnapshot {
    const trends: Record<string, string> = {};
    for (const [name, histogram] of this.trends) trends[name] = encodeHistogram(histogram);
    return { counters: Object.fromEntries(this.counters), trends };
  }
}

/** Adds up the workers' snapshots (counters by name, histograms merged before percentiles). */
export function mergeSnapshots(snapshots: readonly MetricsSnapshot[]): MergedMetrics {
  const counters: Record<string, number> = {};
  const histograms = new Map<string, Histogram>();
  for (const snapshot of snapshots) {
    for (const [name, value] of Object.entries(snapshot.counters))
      counters[name] = (counters[name] ?? 0) + value;
    for (const [name, encoded] of Object.entries(snapshot.trends)) {
      let histogram = histograms.get(name);
      if (!histogram) {
        histogram = createHistogram();
        histograms.set(name, histogram);
      }
      mergeEncoded(histogram, encoded);
    }
  }
  const trends: Record<string, LatencySummary> = {};
  for (const [name, histogram] of histograms) trends[name] = summarize(histogram);
  return { counters, trends };
}
