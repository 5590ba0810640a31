import {
  LATENCY_BUCKETS,
  SpanKind,
  declareCounter,
  declareGauge,
  declareHistogram,
  type Attributes,
} from '@sapa/platform';

/**
 * What the bus measures and the span attributes it sets (OpenTelemetry messaging semantic
 * conventions; docs/observability.md). Attribute sets are built once per subject and reused,
 * so a traced request allocates no attribute object of its own.
 */
export const busMetrics = {
  requestDuration: declareHistogram({
    name: 'sapa_bus_request_duration_seconds',
    help: 'Bus requests as the caller saw them, by subject and outcome (ok or an error code).',
    labelNames: ['subject', 'outcome'],
    buckets: LATENCY_BUCKETS,
  }),
  commands: declareCounter({
    name: 'sapa_commands_total',
    help: 'Commands (bus requests) handled by this service, by command and outcome.',
    labelNames: ['command', 'outcome'],
  }),
  commandDuration: declareHistogram({
    name: 'sapa_command_duration_seconds',
    help: 'Time a handler took for one command (admission wait excluded).',
    labelNames: ['command'],
    buckets: LATENCY_BUCKETS,
  }),
  admissionQueue: declareGauge({
    name: 'sapa_bus_admission_queue_length',
    help: 'Requests waiting for a handler slot, by subject.',
    labelNames: ['subject'],
  }),
  admissionTimeouts: declareCounter({
    name: 'sapa_bus_admission_timeouts_total',
    help: 'Requests answered timeout without running: their caller gave up while they waited.',
    labelNames: ['subject'],
  }),
  published: declareCounter({
    name: 'sapa_events_published_total',
    help: 'Events published to JetStream, by outcome (ok, duplicate, failed).',
    labelNames: ['outcome'],
  }),
  consumed: declareCounter({
    name: 'sapa_consumer_events_total',
    help: 'Events handled by a durable consumer, by outcome (ok, retry, invalid).',
    labelNames: ['consumer', 'outcome'],
  }),
  consumerDuration: declareHistogram({
    name: 'sapa_consumer_handle_duration_seconds',
    help: 'Time a durable consumer spent handling one event.',
    labelNames: ['consumer'],
    buckets: LATENCY_BUCKETS,
  }),
  consumerPending: declareGauge({
    name: 'sapa_consumer_pending_events',
    help: 'Events in the stream this durable consumer has not received yet (its lag).',
    labelNames: ['consumer'],
  }),
};

/** The outcome label of a failure: its SapaError code, else `internal`. */
export function outcomeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'internal';
}

const cache = new Map<string, Attributes>();
/** Messaging attributes of one subject and operation, built once. */
export function messagingAttributes(
  subject: string,
  operation: 'send' | 'process' | 'publish' | 'receive',
  consumerGroup?: string,
): Attributes {
  const key = `${operation} ${subject} ${consumerGroup ?? ''}`;
  let attributes = cache.get(key);
  if (!attributes) {
    attributes = {
      'messaging.system': 'nats',
      'messaging.destination.name': subject,
      'messaging.operation.type': operation,
      'messaging.operation.name': operation,
      ...(consumerGroup === undefined ? {} : { 'messaging.consumer.group.name': consumerGroup }),
    };
    cache.set(key, attributes);
  }
  return attributes;
}

export { SpanKind };
