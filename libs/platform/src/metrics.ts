import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';

/**
 * The process's one Prometheus registry, served as `/metrics` on the health port. Metrics are
 * declared where they are measured (docs/observability.md has the catalog) with the helpers
 * below: each is created on first use, not at import, and a second declaration under the same
 * name returns the first one (so two bus connections in one process share their series).
 */
export const metricsRegistry = new Registry();

let defaultsCollected = false;
/** Adds the standard process metrics (CPU, memory, event loop lag, GC) once per process. */
export function collectProcessMetrics(): void {
  if (defaultsCollected) return;
  collectDefaultMetrics({ register: metricsRegistry });
  // prom-client also exports these gauges under `_total`, a suffix Prometheus reserves for
  // counters (promtool refuses them); the same counts stay as `nodejs_active_handles`,
  // `nodejs_active_requests` and `nodejs_active_resources` (by type).
  for (const name of LINT_FAILING_DEFAULTS) metricsRegistry.removeSingleMetric(name);
  defaultsCollected = true;
}

const LINT_FAILING_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** The text exposition of every metric, and its content type. */
export async function metricsExposition(): Promise<{ body: string; contentType: string }> {
  return { body: await metricsRegistry.metrics(), contentType: metricsRegistry.contentType };
}

type Declared<T> = () => T;

function declare<T>(name: string, create: () => T): Declared<T> {
  let metric: T | undefined;
  return () => {
    metric ??= (metricsRegistry.getSingleMetric(name) as T | undefined) ?? create();
    return metric;
  };
}

/** A counter (name ends in `_total`), created on first call of the returned function. */
export function declareCounter<L extends string>(
  config: Omit<CounterConfiguration<L>, 'registers'>,
): Declared<Counter<L>> {
  return declare(config.name, () => new Counter({ ...config, registers: [metricsRegistry] }));
}

/** A gauge, created on first call of the returned function. */
export function declareGauge<L extends string>(
  config: Omit<GaugeConfiguration<L>, 'registers'>,
): Declared<Gauge<L>> {
  return declare(config.name, () => new Gauge({ ...config, registers: [metricsRegistry] }));
}

/** A histogram in seconds (name ends in `_seconds`), created on first call. */
export function declareHistogram<L extends string>(
  config: Omit<HistogramConfiguration<L>, 'registers'>,
): Declared<Histogram<L>> {
  return declare(config.name, () => new Histogram({ ...config, registers: [metricsRegistry] }));
}

/** Latency buckets (seconds) for work that takes a millisecond to a few seconds. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Seconds elapsed since `startNs` (a `process.hrtime.bigint()` reading). */
export function secondsSince(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e9;
}
