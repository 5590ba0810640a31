import { context, propagation, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';

/**
 * Trace context travels in W3C `traceparent`/`tracestate` headers on every NATS message and
 * in every event's metadata. Full OpenTelemetry export comes later; carrying the context
 * from day one means no hop has to be retrofitted.
 */
let installed = false;
/**
 * Installs W3C propagation and an AsyncLocalStorage context manager: without the latter the
 * active context is not carried across `await`, and every hop would start a new trace.
 */
export function installTracePropagation(): void {
  if (installed) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  installed = true;
}

export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The active trace context as header values (empty when there is no active span). */
export function currentTraceCarrier(): TraceCarrier {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const result: TraceCarrier = {};
  if (carrier['traceparent']) result.traceparent = carrier['traceparent'];
  if (carrier['tracestate']) result.tracestate = carrier['tracestate'];
  return result;
}

/** The context described by incoming headers, to run a handler in. */
export function contextFromCarrier(carrier: TraceCarrier): Context {
  return propagation.extract(context.active(), carrier);
}

export const runInContext = <T>(ctx: Context, fn: () => T): T => context.with(ctx, fn);
