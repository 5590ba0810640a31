import type { Msg, NatsConnection, Subscription } from '@nats-io/nats-core';
import {
  RPC,
  SapaError,
  ValidationError,
  rpcService,
  rpcSubject,
  toSapaError,
  type RpcName,
  type RpcRequest,
  type RpcResponse,
} from '@sapa/contracts';
import {
  SpanKind,
  contextFromCarrier,
  failSpan,
  runInContext,
  secondsSince,
  withSpan,
  type Logger,
} from '@sapa/platform';
import type { z } from 'zod';
import {
  TIMEOUT_HEADER,
  rpcContextFromHeaders,
  traceCarrierOf,
  type RpcContext,
} from './rpc-context.js';
import { Admission } from './admission.js';
import { busMetrics, messagingAttributes } from './bus-telemetry.js';

/**
 * Requests one responder runs at once by default; more wait in arrival order, and those whose
 * caller has given up meanwhile are answered `timeout` without running (admission.ts).
 */
export const DEFAULT_MAX_CONCURRENT = 32;
/** The wait assumed for a caller that sent no timeout header (the bus's default request timeout). */
const DEFAULT_CALLER_TIMEOUT_MS = 5_000;
import { encodeWireError, zodIssuesToWire } from './rpc-errors.js';

/** Handles one command; throw a SapaError subclass to send a typed error to the caller. */
export type RpcHandler<N extends RpcName> = (
  request: RpcRequest<N>,
  context: RpcContext,
) => Promise<RpcResponse<N>>;

/** A running responder; `stop` stops taking requests and waits for the ones in flight. */
export interface RpcServer {
  stop(): Promise<void>;
}

/** A reply to send: a JSON response or an encoded error. */
type Reply =
  { readonly ok: true; readonly body: string } | { readonly ok: false; readonly error: SapaError };

/**
 * Subscribes a handler to one command in its service's queue group. The responder is the
 * trust boundary for requests: whatever sent one over NATS, it is parsed with the request
 * schema here, once, and refused with the issues before the handler runs. Each request is handled
 * as soon as it arrives (handlers run concurrently; a slow request does not hold up the next),
 * and every request gets exactly one reply, success or error.
 */
export function startRpcServer<N extends RpcName>(options: {
  connection: NatsConnection;
  name: N;
  handler: RpcHandler<N>;
  logger: Logger;
  queue?: string;
  /** Default DEFAULT_MAX_CONCURRENT. */
  maxConcurrent?: number;
}): RpcServer {
  const { connection, name, handler } = options;
  const queue = options.queue ?? rpcService(name);
  const logger = options.logger.child({ rpc: name });
  const answer = answerer(name, handler, logger);
  const inFlight = new Set<Promise<void>>();
  const admission = new Admission(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
  const subject = rpcSubject(name);
  const traced = tracedAnswer(subject, queue, answer);
  const queueLength = busMetrics.admissionQueue().labels(subject);

  const handle = async (msg: Msg): Promise<void> => {
    const context = rpcContextFromHeaders(msg.headers);
    const deadline = Date.now() + waitBudgetMs(msg);
    const admitted = admission.run(
      deadline,
      () => traced(msg, context),
      (): Reply => {
        logger.debug({ correlationId: context.correlationId }, 'rpc dropped: caller gave up');
        busMetrics.admissionTimeouts().labels(subject).inc();
        return {
          ok: false,
          error: new SapaError('timeout', `${name} was not handled before its caller gave up`),
        };
      },
    );
    queueLength.set(admission.load.waiting);
    const reply = await admitted;
    queueLength.set(admission.load.waiting);
    sendReply(msg, reply, () =>
      // A published (not requested) message has nowhere to reply to; say so rather than drop silently.
      logger.warn({ correlationId: context.correlationId }, 'rpc message without reply subject'),
    );
  };

  const subscription: Subscription = connection.subscribe(subject, {
    queue,
    callback: (error, msg) => {
      if (error) {
        logger.error({ err: error }, 'rpc subscription failed');
        return;
      }
      const task = handle(msg).catch((replyError: unknown) => {
        // Only the respond itself can land here (e.g. the connection closed under us).
        logger.error({ err: replyError }, 'rpc reply failed');
      });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    },
  });
  logger.debug({ queue }, 'rpc serving');

  let stopping: Promise<void> | undefined;
  return {
    stop: () => {
      stopping ??= (async () => {
        if (!subscription.isClosed() && !connection.isClosed()) {
          await subscription.drain().catch((error: unknown) => {
            logger.warn({ err: error }, 'rpc subscription drain failed');
          });
        }
        await Promise.allSettled([...inFlight]);
      })();
      return stopping;
    },
  };
}

/** Runs the answer inside the caller's trace context, in a server span. */
function tracedAnswer(
  subject: string,
  queue: string,
  answer: (msg: Msg, context: RpcContext) => Promise<Reply>,
): (msg: Msg, context: RpcContext) => Promise<Reply> {
  const attributes = messagingAttributes(subject, 'process', queue);
  return (msg, context) =>
    runInContext(contextFromCarrier(traceCarrierOf(context)), () =>
      withSpan(`process ${subject}`, SpanKind.SERVER, attributes, async (span) => {
        const reply = await answer(msg, context);
        if (!reply.ok) failSpan(span, reply.error);
        return reply;
      }),
    );
}

/** Sends the reply (the response, or the error encoded in headers and body). */
function sendReply(msg: Msg, reply: Reply, noReplySubject: () => void): void {
  if (!msg.reply) {
    noReplySubject();
    return;
  }
  if (reply.ok) {
    msg.respond(reply.body);
    return;
  }
  const encoded = encodeWireError(reply.error.toWire());
  msg.respond(encoded.body, { headers: encoded.headers });
}

/**
 * Answers one request: the body parsed with the request schema (the one check it gets;
 * invalid → ValidationError with the issues, handler not called), then the handler's response
 * as JSON, not checked again (it is typed; the caller parses what it receives). Any throw
 * becomes an error reply; errors that are not SapaErrors are logged here in full.
 */
function answerer<N extends RpcName>(
  name: N,
  handler: RpcHandler<N>,
  logger: Logger,
): (msg: Msg, context: RpcContext) => Promise<Reply> {
  const requestSchema: z.ZodType = RPC[name].request;
  const parseRequest = (msg: Msg): RpcRequest<N> => {
    let raw: unknown;
    try {
      raw = msg.json();
    } catch {
      throw new ValidationError(`${name} request is not valid JSON`);
    }
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ValidationError(`invalid ${name} request`, {
        issues: zodIssuesToWire(parsed.error),
      });
    }
    return parsed.data as RpcRequest<N>;
  };
  const commands = busMetrics.commands();
  const duration = busMetrics.commandDuration().labels(name);
  const attributes = { 'sapa.command': name };
  const run = async (msg: Msg, context: RpcContext): Promise<Reply> => {
    const startNs = process.hrtime.bigint();
    try {
      const response = await withSpan(name, SpanKind.INTERNAL, attributes, () =>
        handler(parseRequest(msg), context),
      );
      commands.labels(name, 'ok').inc();
      return { ok: true, body: JSON.stringify(response) };
    } catch (error) {
      const sapaError = toSapaError(error);
      commands.labels(name, sapaError.code).inc();
      if (error instanceof SapaError) {
        logger.debug({ correlationId: context.correlationId, code: sapaError.code }, 'rpc refused');
      } else {
        // Unknown errors are logged in full here and reach the caller only as `internal`.
        logger.error({ err: error, correlationId: context.correlationId }, 'rpc handler failed');
      }
      return { ok: false, error: sapaError };
    } finally {
      duration.observe(secondsSince(startNs));
    }
  };
  return run;
}

/**
 * How long a request may wait for a slot, from its arrival: three quarters of its caller's
 * timeout (`sapa-timeout-ms`, bounded). Past that, the little time left would hardly cover
 * running it and the trip back (and the caller's clock started before the request travelled).
 */
function waitBudgetMs(msg: Msg): number {
  const raw = Number(msg.headers?.get(TIMEOUT_HEADER));
  const timeout =
    Number.isFinite(raw) && raw > 0 ? Math.min(raw, 600_000) : DEFAULT_CALLER_TIMEOUT_MS;
  return timeout * 0.75;
}
