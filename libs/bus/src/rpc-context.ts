import { headers as createHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { newId } from '@sapa/contracts';
import { currentTraceCarrier, type TraceCarrier } from '@sapa/platform';
import { toHeaderValue } from './rpc-errors.js';

/** Header carrying the id shared by everything one user action caused. */
export const CORRELATION_HEADER = 'sapa-correlation-id';
/** Header carrying the id of the message or event that directly caused this one. */
export const CAUSATION_HEADER = 'sapa-causation-id';
/** W3C trace context headers, as in HTTP. */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';
/** How long the caller waits for the reply (ms); the responder drops it once that has passed. */
export const TIMEOUT_HEADER = 'sapa-timeout-ms';

/** What a handler knows about the request besides its payload. */
export interface RpcContext {
  /** From header `sapa-correlation-id`, or a fresh id when the caller sent none. */
  readonly correlationId: string;
  /** From header `sapa-causation-id`. */
  readonly causationId?: string;
  /** W3C trace headers as received. */
  readonly traceparent?: string;
  readonly tracestate?: string;
}

/** Ids are bounded so a hostile header cannot bloat logs and event metadata. */
const MAX_ID_LENGTH = 128;

/** Reads the RPC context from request headers. */
export function rpcContextFromHeaders(headers: MsgHdrs | undefined): RpcContext {
  const read = (key: string, max: number): string | undefined => {
    const value = headers?.get(key);
    return value ? value.slice(0, max) : undefined;
  };
  const causationId = read(CAUSATION_HEADER, MAX_ID_LENGTH);
  const traceparent = read(TRACEPARENT_HEADER, 128);
  const tracestate = read(TRACESTATE_HEADER, 512);
  return {
    correlationId: read(CORRELATION_HEADER, MAX_ID_LENGTH) ?? newId(),
    ...(causationId === undefined ? {} : { causationId }),
    ...(traceparent === undefined ? {} : { traceparent }),
    ...(tracestate === undefined ? {} : { tracestate }),
  };
}

/** The trace part of a context, for `contextFromCarrier`. */
export function traceCarrierOf(context: RpcContext): TraceCarrier {
  const carrier: TraceCarrier = {};
  if (context.traceparent) carrier.traceparent = context.traceparent;
  if (context.tracestate) carrier.tracestate = context.tracestate;
  return carrier;
}

/**
 * Outgoing headers: correlation and causation ids plus the trace context that is active
 * where the message is sent (so the receiving side continues the same trace).
 */
export function outgoingHeaders(
  ids: { correlationId?: string; causationId?: string },
  trace?: TraceCarrier,
): MsgHdrs {
  const headers = createHeaders();
  if (ids.correlationId)
    headers.set(CORRELATION_HEADER, toHeaderValue(ids.correlationId, MAX_ID_LENGTH));
  if (ids.causationId) headers.set(CAUSATION_HEADER, toHeaderValue(ids.causationId, MAX_ID_LENGTH));
  const carrier = trace ?? currentTraceCarrier();
  if (carrier.traceparent) headers.set(TRACEPARENT_HEADER, toHeaderValue(carrier.traceparent, 128));
  if (carrier.tracestate) headers.set(TRACESTATE_HEADER, toHeaderValue(carrier.tracestate, 512));
  return headers;
}
