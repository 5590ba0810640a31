import type { PubAck } from '@nats-io/jetstream';
import { EVENTS_STREAM, UnavailableError, eventSubject, type StoredEvent } from '@sapa/contracts';
import {
  SpanKind,
  contextFromCarrier,
  currentTraceCarrier,
  hasActiveSpan,
  isTracing,
  runInContext,
  withSpan,
  type Logger,
  type TraceCarrier,
} from '@sapa/platform';
import type { Bus } from './bus.js';
import { busMetrics, messagingAttributes } from './bus-telemetry.js';
import { outgoingHeaders } from './rpc-context.js';

/** How long to wait for one PubAck before counting the publish as failed. */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

/** Publish spans name the stream, not the subject (which carries site and stream ids). */
const PUBLISH_ATTRIBUTES = messagingAttributes(EVENTS_STREAM, 'publish');

/** The trace context an event was stored with. */
function traceOf(event: StoredEvent): TraceCarrier {
  const { traceparent, tracestate } = event.metadata;
  return {
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(tracestate === undefined ? {} : { tracestate }),
  };
}

/** The result of publishing one event. */
export interface PublishedEvent {
  readonly id: string;
  readonly seq: number;
  /** True when JetStream had already stored this event id (within the duplicate window). */
  readonly duplicate: boolean;
}

/**
 * Publishes stored events to JetStream: subject eventSubject(siteId, stream, type), message
 * id = event.id (JetStream de-duplication), trace headers from event.metadata, payload = the
 * StoredEvent as JSON. Awaits every PubAck; throws if any fails.
 */
export class EventPublisher {
  readonly #bus: Bus;
  readonly #logger: Logger;
  readonly #timeoutMs: number;

  constructor(bus: Bus, logger: Logger, options: { timeoutMs?: number } = {}) {
    this.#bus = bus;
    this.#logger = logger.child({ module: 'event-publisher' });
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS;
  }

  /**
   * Publishes the events (in order: all are sent before any ack is awaited, and one connection
   * keeps their order) and resolves when JetStream has acknowledged each of them. When any
   * publish fails it throws UnavailableError after all settled, so the caller (or the outbox
   * relay) publishes the batch again; the ones that did land are then de-duplicated.
   */
  async publish(events: readonly StoredEvent[]): Promise<PublishedEvent[]> {
    const [first] = events;
    if (!first) return [];
    if (!isTracing()) return this.#publish(events, false);
    // The relay publishes outside any request: its span continues the trace the events carry.
    const parent = hasActiveSpan() ? undefined : contextFromCarrier(traceOf(first));
    const traced = () =>
      withSpan(`publish ${EVENTS_STREAM}`, SpanKind.PRODUCER, PUBLISH_ATTRIBUTES, (span) => {
        span?.setAttribute('messaging.batch.message_count', events.length);
        return this.#publish(events, true);
      });
    return parent ? runInContext(parent, traced) : traced();
  }

  async #publish(events: readonly StoredEvent[], traced: boolean): Promise<PublishedEvent[]> {
    const js = this.#bus.jetstream();
    // Traced, consumers continue from the publish span; otherwise from the events' own context.
    const carrier = traced ? currentTraceCarrier() : undefined;
    const acks = await Promise.allSettled(
      events.map((event): Promise<PubAck> =>
        js.publish(eventSubject(event.siteId, event.stream, event.type), JSON.stringify(event), {
          msgID: event.id,
          timeout: this.#timeoutMs,
          headers: outgoingHeaders(event.metadata, carrier ?? traceOf(event)),
        }),
      ),
    );
    const failures: { id: string; error: unknown }[] = [];
    const published: PublishedEvent[] = [];
    acks.forEach((result, index) => {
      const event = events[index];
      if (!event) return;
      if (result.status === 'fulfilled') {
        published.push({ id: event.id, seq: result.value.seq, duplicate: result.value.duplicate });
      } else {
        failures.push({ id: event.id, error: result.reason });
      }
    });
    const duplicates = published.filter((item) => item.duplicate).length;
    if (duplicates > 0) this.#logger.debug({ duplicates }, 'events already in stream');
    const counter = busMetrics.published();
    counter.labels('ok').inc(published.length - duplicates);
    if (duplicates > 0) counter.labels('duplicate').inc(duplicates);
    if (failures.length > 0) counter.labels('failed').inc(failures.length);
    if (failures.length > 0) {
      this.#logger.warn(
        { failed: failures.map((failure) => failure.id), err: failures[0]?.error },
        'event publish failed',
      );
      throw new UnavailableError(
        `${failures.length} of ${events.length} events were not acknowledged by JetStream`,
        {
          cause: failures[0]?.error,
        },
      );
    }
    return published;
  }
}
