import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import {
  RequestError,
  TimeoutError,
  headers as createHeaders,
  type Msg,
  type NatsConnection,
} from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import {
  RPC,
  SapaError,
  UnavailableError,
  errorFromWire,
  newId,
  rpcSubject,
  type RpcName,
  type RpcRequestInput,
  type RpcResponse,
} from '@sapa/contracts';
import {
  SpanKind,
  contextFromCarrier,
  currentTraceCarrier,
  isTracing,
  runInContext,
  secondsSince,
  withSpan,
  withSpanSync,
  type Logger,
} from '@sapa/platform';
import type { z } from 'zod';
import {
  outgoingHeaders,
  TIMEOUT_HEADER,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
} from './rpc-context.js';
import { busMetrics, messagingAttributes, outcomeOf } from './bus-telemetry.js';
import { decodeWireError, zodIssuesToWire } from './rpc-errors.js';
import { startRpcServer, type RpcHandler, type RpcServer } from './rpc-server.js';

/** Options of one request. */
export interface RequestOptions {
  /** Default 5,000 ms. */
  readonly timeoutMs?: number;
  /** Default: a fresh id (the start of a new causal chain). */
  readonly correlationId?: string;
  readonly causationId?: string;
}

/** Default request timeout: long enough for a store round trip under load, short enough for a UI. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 5_000;

/**
 * The typed NATS bus: request/reply over the RPC map of @sapa/contracts (each payload validated
 * once, by the side that receives it; errors rebuilt as their SapaError classes), core NATS publish/subscribe for
 * ephemeral signals, and access to JetStream. One per process.
 */
export class Bus {
  readonly #logger: Logger;
  readonly #servers = new Set<RpcServer>();
  #connected = true;
  #js: JetStreamClient | undefined;
  #draining: Promise<void> | undefined;

  private constructor(
    /** The underlying connection, for what the bus does not wrap. */
    readonly connection: NatsConnection,
    logger: Logger,
  ) {
    this.#logger = logger;
    void this.#watchStatus();
  }

  /**
   * Connects (fails fast if no server answers) and keeps reconnecting forever afterwards:
   * a NATS restart is an outage to ride out, not a reason to exit.
   */
  static async connect(options: { servers: string; name: string; logger: Logger }): Promise<Bus> {
    const logger = options.logger.child({ module: 'bus' });
    const connection = await connect({
      servers: options.servers.split(',').map((server) => server.trim()),
      name: options.name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
      // nats.js otherwise captures two stack traces per request before sending it (for errors
      // that are rare): 8.5 % of the gateway's CPU on the connect path (docs/performance.md).
      noAsyncTraces: true,
    });
    logger.info({ server: connection.getServer() }, 'nats connected');
    return new Bus(connection, logger);
  }

  /** True while connected (false during a reconnect and after close). */
  get isConnected(): boolean {
    return this.#connected && !this.connection.isClosed() && !this.connection.isDraining();
  }

  /**
   * Sends payload (typed by the RPC map, checked by the responder, not here) with correlation,
   * causation and trace headers, and returns the response parsed with the RPC response schema:
   * the caller checks what it receives, the responder what it receives (docs/bus.md, "One check
   * per hop"). An error reply (an invalid request included: ValidationError with the issues) is
   * rebuilt with errorFromWire and thrown; no responders → UnavailableError; timeout →
   * SapaError('timeout').
   */
  async request<N extends RpcName>(
    name: N,
    payload: RpcRequestInput<N>,
    options: RequestOptions = {},
  ): Promise<RpcResponse<N>> {
    const subject = rpcSubject(name);
    const startNs = process.hrtime.bigint();
    try {
      const response = await withSpan(
        `send ${subject}`,
        SpanKind.CLIENT,
        messagingAttributes(subject, 'send'),
        () => this.#request(name, subject, payload, options),
      );
      busMetrics.requestDuration().labels(subject, 'ok').observe(secondsSince(startNs));
      return response;
    } catch (error) {
      busMetrics.requestDuration().labels(subject, outcomeOf(error)).observe(secondsSince(startNs));
      throw error;
    }
  }

  async #request<N extends RpcName>(
    name: N,
    subject: string,
    payload: RpcRequestInput<N>,
    options: RequestOptions,
  ): Promise<RpcResponse<N>> {
    const response: z.ZodType = RPC[name].response;
    const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const headers = outgoingHeaders({
      correlationId: options.correlationId ?? newId(),
      ...(options.causationId === undefined ? {} : { causationId: options.causationId }),
    });
    headers.set(TIMEOUT_HEADER, String(timeoutMs));
    let reply: Msg;
    try {
      // The caller's input is sent as is: the responder checks it and applies defaults.
      reply = await this.connection.request(subject, JSON.stringify(payload), {
        timeout: timeoutMs,
        headers,
      });
    } catch (error) {
      throw requestFailure(name, timeoutMs, error);
    }
    const wireError = decodeWireError(reply.headers, reply.data);
    if (wireError) throw errorFromWire(wireError);
    let body: unknown;
    try {
      body = reply.json();
    } catch (error) {
      throw new SapaError('internal', `${name} reply is not valid JSON`, undefined, {
        cause: error,
      });
    }
    const parsed = response.safeParse(body);
    if (!parsed.success) {
      throw new SapaError('internal', `invalid ${name} response`, {
        issues: zodIssuesToWire(parsed.error),
      });
    }
    return parsed.data as RpcResponse<N>;
  }

  /**
   * Answers one command in its service's queue group (override with `queue`). Requests are
   * validated here, the one check they get (invalid → validation_failed with zod issues in
   * details, handler not called, so nothing is stored); responses are typed, and checked by
   * the caller that receives them. Requests are
   * handled concurrently inside the caller's trace context, and always answered: the response,
   * or the error's code/message in headers and `{"details":...}` in the body; errors that are
   * not SapaErrors become `internal` and are logged, their message not leaked.
   */
  serve<N extends RpcName>(
    name: N,
    handler: RpcHandler<N>,
    options: { queue?: string; maxConcurrent?: number } = {},
  ): { stop(): Promise<void> } {
    const server = startRpcServer({
      connection: this.connection,
      name,
      handler,
      logger: this.#logger,
      ...(options.queue === undefined ? {} : { queue: options.queue }),
      ...(options.maxConcurrent === undefined ? {} : { maxConcurrent: options.maxConcurrent }),
    });
    this.#servers.add(server);
    return {
      stop: async () => {
        await server.stop();
        this.#servers.delete(server);
      },
    };
  }

  /** Core NATS fire-and-forget (ephemeral signals: typing, presence). JSON payload. */
  publish(subject: string, payload: unknown): void {
    const trace = currentTraceCarrier();
    const headers = trace.traceparent ? createHeaders() : undefined;
    if (headers && trace.traceparent) headers.set(TRACEPARENT_HEADER, trace.traceparent);
    if (headers && trace.tracestate) headers.set(TRACESTATE_HEADER, trace.tracestate);
    this.connection.publish(subject, JSON.stringify(payload), headers ? { headers } : undefined);
  }

  /**
   * Core NATS subscription; JSON-decodes each message. A message that is not JSON, or a
   * handler exception, is logged and the subscription carries on.
   */
  subscribe(
    subject: string,
    onMessage: (payload: unknown, subject: string) => void,
  ): { unsubscribe(): void } {
    const logger = this.#logger.child({ subscription: subject });
    const subscription = this.connection.subscribe(subject, {
      callback: (error, msg) => {
        if (error) {
          logger.error({ err: error }, 'subscription failed');
          return;
        }
        let payload: unknown;
        try {
          payload = msg.json();
        } catch (parseError) {
          logger.warn({ err: parseError, subject: msg.subject }, 'message is not json, skipped');
          return;
        }
        try {
          if (isTracing()) tracedReceive(msg, () => onMessage(payload, msg.subject));
          else onMessage(payload, msg.subject);
        } catch (handlerError) {
          logger.error({ err: handlerError, subject: msg.subject }, 'subscriber failed');
        }
      },
    });
    return { unsubscribe: () => subscription.unsubscribe() };
  }

  /** The JetStream client of this connection. */
  jetstream(): JetStreamClient {
    this.#js ??= jetstream(this.connection);
    return this.#js;
  }

  /** A JetStream manager (streams and consumers administration). */
  jetstreamManager(): Promise<JetStreamManager> {
    return jetstreamManager(this.connection);
  }

  /**
   * Graceful shutdown: stops every RPC responder and waits for the requests in flight to be
   * answered, then drains the remaining subscriptions and closes. Idempotent.
   */
  drain(): Promise<void> {
    this.#draining ??= (async () => {
      await Promise.allSettled([...this.#servers].map((server) => server.stop()));
      if (!this.connection.isClosed() && !this.connection.isDraining()) {
        await this.connection.drain();
      }
      this.#logger.info('nats drained');
    })();
    return this.#draining;
  }

  async #watchStatus(): Promise<void> {
    for await (const status of this.connection.status()) {
      switch (status.type) {
        case 'disconnect':
          this.#connected = false;
          this.#logger.warn({ server: status.server }, 'nats disconnected');
          break;
        case 'reconnect':
          this.#connected = true;
          this.#logger.info({ server: status.server }, 'nats reconnected');
          break;
        case 'error':
          this.#logger.error({ err: status.error }, 'nats error');
          break;
        case 'close':
          this.#connected = false;
          break;
        case 'reconnecting':
        case 'update':
        case 'ldm':
        case 'ping':
        case 'staleConnection':
        case 'slowConsumer':
        case 'forceReconnect':
          break;
        default: {
          const unexpected: never = status;
          this.#logger.debug({ status: unexpected }, 'nats status');
        }
      }
    }
  }
}

/**
 * Runs a subscriber in a consumer span continuing the trace the message carries (an event
 * published to JetStream reaches core subscribers, the gateway's fan-out, with its headers).
 */
function tracedReceive(msg: Msg, run: () => void): void {
  const traceparent = msg.headers?.get(TRACEPARENT_HEADER);
  const tracestate = msg.headers?.get(TRACESTATE_HEADER);
  const family = msg.subject.split('.', 3).join('.');
  const parent = contextFromCarrier({
    ...(traceparent ? { traceparent } : {}),
    ...(tracestate ? { tracestate } : {}),
  });
  runInContext(parent, () =>
    withSpanSync(
      `receive ${family}`,
      SpanKind.CONSUMER,
      messagingAttributes(family, 'receive'),
      (span) => {
        span?.setAttribute('messaging.destination.name', msg.subject);
        run();
      },
    ),
  );
}

/** Maps a nats.js request failure to a SapaError the caller can act on. */
function requestFailure(name: RpcName, timeoutMs: number, error: unknown): SapaError {
  if (
    error instanceof TimeoutError ||
    (error instanceof Error && error.cause instanceof TimeoutError)
  ) {
    return new SapaError('timeout', `${name} did not answer within ${timeoutMs} ms`, undefined, {
      cause: error,
    });
  }
  if (error instanceof RequestError && error.isNoResponders()) {
    return new UnavailableError(`no ${name} responder is running`, { cause: error });
  }
  return new UnavailableError(`${name} request failed`, { cause: error });
}
