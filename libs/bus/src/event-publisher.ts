import type { PubAck } from '@nats-io/jetstream';
import { UnavailableError, eventSubject, type StoredEvent } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import type { Bus } from './bus.js';
import { outgoingHeaders } from './rpc-context.js';

/** How long to wait for one PubAck before counting the publish as failed. */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 5_000;

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
    if (events.length === 0) return [];
    const js = this.#bus.jetstream();
    const acks = await Promise.allSettled(
      events.map((event): Promise<PubAck> =>
        js.publish(eventSubject(event.siteId, event.stream, event.type), JSON.stringify(event), {
          msgID: event.id,
          timeout: this.#timeoutMs,
          headers: outgoingHeaders(event.metadata, {
            ...(event.metadata.traceparent === undefined
              ? {}
              : { traceparent: event.metadata.traceparent }),
            ...(event.metadata.tracestate === undefined
              ? {}
              : { tracestate: event.metadata.tracestate }),
          }),
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
