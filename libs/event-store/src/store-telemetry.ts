import type { Collection, Document } from 'mongodb';
import {
  LATENCY_BUCKETS,
  SpanKind,
  declareCounter,
  declareHistogram,
  secondsSince,
  withSpan,
  type Attributes,
} from '@sapa/platform';

/** What the event store measures (docs/observability.md). */
export const storeMetrics = {
  appendDuration: declareHistogram({
    name: 'sapa_store_append_duration_seconds',
    help: 'Event store appends, by outcome (ok or an error code).',
    labelNames: ['outcome'],
    buckets: LATENCY_BUCKETS,
  }),
  stateCache: declareCounter({
    name: 'sapa_state_cache_lookups_total',
    help: 'Command handler state cache lookups, by result (hit: no read before the append).',
    labelNames: ['result'],
  }),
};

/** Database span attributes of appends to one collection (OpenTelemetry db conventions). */
export function appendAttributes<T extends Document>(collection: Collection<T>): Attributes {
  return {
    'db.system.name': 'mongodb',
    'db.namespace': collection.dbName,
    'db.collection.name': collection.collectionName,
    'db.operation.name': 'insertMany',
  };
}

/** Runs one append in a client span and records its latency and outcome. */
export async function observedAppend<T>(
  attributes: Attributes,
  append: () => Promise<T>,
): Promise<T> {
  const startNs = process.hrtime.bigint();
  try {
    const result = await withSpan(
      `insertMany ${String(attributes['db.collection.name'])}`,
      SpanKind.CLIENT,
      attributes,
      append,
    );
    storeMetrics.appendDuration().labels('ok').observe(secondsSince(startNs));
    return result;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    storeMetrics
      .appendDuration()
      .labels(typeof code === 'string' ? code : 'internal')
      .observe(secondsSince(startNs));
    throw error;
  }
}
