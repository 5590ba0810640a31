import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type ConsumerConfig,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/nats-core';
import {
  EVENTS_STREAM,
  StoredEventSchema,
  parseDomainEvent,
  type StoredEvent,
} from '@sapa/contracts';
import {
  SpanKind,
  contextFromCarrier,
  isTracing,
  runInContext,
  secondsSince,
  withSpan,
  type Logger,
} from '@sapa/platform';
import type { Bus } from './bus.js';
import { busMetrics, messagingAttributes } from './bus-telemetry.js';
import { TRACEPARENT_HEADER, TRACESTATE_HEADER } from './rpc-context.js';

export const DEFAULT_ACK_WAIT_MS = 30_000;
/** Redelivery back-off after a handler failure: 0.5 s, 1 s, 2 s ... capped at 60 s. */
export const RETRY_INITIAL_DELAY_MS = 500;
export const RETRY_MAX_DELAY_MS = 60_000;
/** Messages pulled ahead of the handler; small, so a stopping consumer hands few back. */
const PULL_BATCH = 20;

/** Options of consumeEvents. */
export interface ConsumeEventsOptions {
  readonly bus: Bus;
  /** The durable consumer's name: one per projection or reactor; its position survives restarts. */
  readonly durable: string;
  /**
   * Subjects to receive (e.g. `sapa.v1.evt.*.conversation.>`). One subject works on every
   * nats-server; several need nats-server 2.10+ (`filter_subjects`).
   */
  readonly filterSubjects: string[];
  readonly logger: Logger;
  /** Must be idempotent by event id: an event can be delivered again. */
  readonly handle: (event: StoredEvent) => Promise<void>;
  /** How long a delivery may stay unacknowledged before JetStream redelivers it. Default 30 s. */
  readonly ackWaitMs?: number;
  /**
   * Deliveries before JetStream gives an event up for this consumer. Default -1 (never): an
   * event is never dropped because a dependency was down; a failing one is logged on each retry.
   */
  readonly maxDeliver?: number;
  /** Default EVENTS_STREAM. */
  readonly streamName?: string;
}

/**
 * A durable JetStream pull consumer over the events stream. Each message is parsed as
 * StoredEventSchema (invalid → term + log); `handle` must be idempotent (redelivery happens);
 * a handler error → nak with back-off; ack on success. Resumes where it left off after a
 * restart. Events are handled one at a time, in stream order.
 */
export async function consumeEvents(
  options: ConsumeEventsOptions,
): Promise<{ stop(): Promise<void> }> {
  const { bus, durable, handle } = options;
  const streamName = options.streamName ?? EVENTS_STREAM;
  const logger = options.logger.child({ module: 'event-consumer', durable });
  const ackWaitMs = options.ackWaitMs ?? DEFAULT_ACK_WAIT_MS;
  const maxDeliver = options.maxDeliver ?? -1;

  await ensureConsumer(bus, streamName, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(ackWaitMs),
    max_deliver: maxDeliver,
    ...filterConfig(options.filterSubjects),
  });
  const consumer = await bus.jetstream().consumers.get(streamName, durable);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: PULL_BATCH });
  let stopping = false;

  void (async () => {
    for await (const status of messages.status()) {
      if (
        status.type === 'heartbeats_missed' ||
        status.type === 'consumer_deleted' ||
        status.type === 'stream_not_found'
      ) {
        logger.warn({ status }, 'consumer status');
      }
    }
  })();

  const processOne = messageProcessor({
    durable,
    streamName,
    handle,
    logger,
    ackWaitMs,
    maxDeliver,
  });

  const loop = (async () => {
    try {
      for await (const msg of messages) {
        if (stopping) {
          // Pulled but not handled: hand it back at once instead of waiting out ack_wait.
          msg.nak();
          continue;
        }
        await processOne(msg);
      }
    } catch (error) {
      logger.error({ err: error }, 'consumer stopped with an error');
    }
  })();
  logger.info({ stream: streamName, filterSubjects: options.filterSubjects }, 'consuming events');

  let stopped: Promise<void> | undefined;
  return {
    stop: () => {
      stopped ??= (async () => {
        stopping = true;
        await messages.close();
        await loop;
        logger.info('consumer stopped');
      })();
      return stopped;
    },
  };
}

/**
 * Handles one delivery: parse (invalid → term), run the handler in its span (error → nak with
 * back-off), then wait for the ack to be confirmed; counts each outcome and the consumer's lag.
 */
function messageProcessor(options: {
  durable: string;
  streamName: string;
  handle: (event: StoredEvent) => Promise<void>;
  logger: Logger;
  ackWaitMs: number;
  maxDeliver: number;
}): (msg: JsMsg) => Promise<void> {
  const { durable, streamName, handle, logger, ackWaitMs, maxDeliver } = options;
  const traced = tracedHandler(durable, streamName, handle);
  const outcomes = busMetrics.consumed();
  const handled = busMetrics.consumerDuration().labels(durable);
  const pending = busMetrics.consumerPending().labels(durable);
  return async (msg: JsMsg): Promise<void> => {
    const event = parseEvent(msg, logger);
    if (!event) {
      outcomes.labels(durable, 'invalid').inc();
      // No reason text: nats-server before 2.10.4 ignores a `+TERM <reason>` (and redelivers).
      msg.term();
      return;
    }
    pending.set(msg.info.pending);
    // Tell JetStream we are alive while a slow handler runs, so it does not redeliver meanwhile.
    const keepAlive = setInterval(() => msg.working(), Math.max(1_000, Math.floor(ackWaitMs / 2)));
    const startNs = process.hrtime.bigint();
    try {
      await traced(msg, event);
      handled.observe(secondsSince(startNs));
      outcomes.labels(durable, 'ok').inc();
    } catch (error) {
      outcomes.labels(durable, 'retry').inc();
      const delivery = msg.info.deliveryCount;
      const delayMs = Math.min(
        RETRY_MAX_DELAY_MS,
        RETRY_INITIAL_DELAY_MS * 2 ** Math.min(delivery - 1, 20),
      );
      const givingUp = maxDeliver > 0 && delivery >= maxDeliver;
      logger[givingUp ? 'error' : 'warn'](
        {
          err: error,
          eventId: event.id,
          type: event.type,
          delivery,
          retryInMs: givingUp ? undefined : delayMs,
        },
        givingUp ? 'event handler failed, giving up' : 'event handler failed, will retry',
      );
      msg.nak(delayMs);
      return;
    } finally {
      clearInterval(keepAlive);
    }
    try {
      // Wait for the server to confirm the ack: a lost ack would mean one more (harmless) delivery.
      await msg.ackAck();
    } catch (error) {
      logger.warn({ err: error, eventId: event.id }, 'ack not confirmed, event may be redelivered');
    }
  };
}

/**
 * The handler in a consumer span, child of the context the message carries (the publish span,
 * or the events' stored context): one visitor message stays one trace through its consumers.
 */
function tracedHandler(
  durable: string,
  streamName: string,
  handle: (event: StoredEvent) => Promise<void>,
): (msg: JsMsg, event: StoredEvent) => Promise<void> {
  const attributes = messagingAttributes(streamName, 'process', durable);
  const name = `process ${durable}`;
  return (msg, event) => {
    if (!isTracing()) return handle(event);
    const carrier = {
      traceparent: msg.headers?.get(TRACEPARENT_HEADER) || event.metadata.traceparent,
      tracestate: msg.headers?.get(TRACESTATE_HEADER) || event.metadata.tracestate,
    };
    return runInContext(contextFromCarrier(carrier), () =>
      withSpan(name, SpanKind.CONSUMER, attributes, (span) => {
        span?.setAttribute('messaging.message.id', event.id);
        span?.setAttribute('messaging.message.delivery_count', msg.info.deliveryCount);
        return handle(event);
      }),
    );
  };
}

function filterConfig(
  subjects: readonly string[],
): Pick<ConsumerConfig, 'filter_subject' | 'filter_subjects'> {
  if (subjects.length === 0) return {};
  const [only] = subjects;
  // `filter_subject` for one subject keeps nats-server 2.9 supported.
  return subjects.length === 1 && only !== undefined
    ? { filter_subject: only }
    : { filter_subjects: [...subjects] };
}

/** Creates the durable consumer, or updates it when it exists with other settings. */
async function ensureConsumer(
  bus: Bus,
  streamName: string,
  config: Partial<ConsumerConfig> & { durable_name: string },
): Promise<void> {
  const jsm = await bus.jetstreamManager();
  try {
    await jsm.consumers.add(streamName, config);
  } catch (error) {
    if (!(error instanceof JetStreamApiError)) throw error;
    // Exists with a different configuration: apply what may change (ack wait, delivery, filter).
    await jsm.consumers.update(streamName, config.durable_name, {
      ack_wait: config.ack_wait,
      max_deliver: config.max_deliver,
      ...(config.filter_subject === undefined ? {} : { filter_subject: config.filter_subject }),
      ...(config.filter_subjects === undefined ? {} : { filter_subjects: config.filter_subjects }),
    });
  }
}

/** Parses a message as a stored domain event; undefined (and logged) when it is not one. */
function parseEvent(msg: JsMsg, logger: Logger): StoredEvent | undefined {
  let raw: unknown;
  try {
    raw = msg.json();
  } catch {
    logger.error({ subject: msg.subject, seq: msg.seq }, 'event is not json, terminated');
    return undefined;
  }
  const envelope = StoredEventSchema.safeParse(raw);
  if (!envelope.success) {
    logger.error(
      { subject: msg.subject, seq: msg.seq, issues: envelope.error.issues },
      'invalid stored event, terminated',
    );
    return undefined;
  }
  try {
    const { type, data } = parseDomainEvent(envelope.data);
    return { ...envelope.data, type, data };
  } catch (error) {
    logger.error(
      { err: error, subject: msg.subject, seq: msg.seq },
      'unknown or invalid event type, terminated',
    );
    return undefined;
  }
}
