import type { Actor, EventMetadata } from '@sapa/contracts';
import type { RpcContext } from '@sapa/bus';

/** Event metadata from a command's context: who did it, and which request caused it. */
export const metadataFor = (actor: Actor, context: RpcContext): EventMetadata => ({
  actor,
  correlationId: context.correlationId,
  causationId: context.causationId ?? context.correlationId,
  ...(context.traceparent ? { traceparent: context.traceparent } : {}),
  ...(context.tracestate ? { tracestate: context.tracestate } : {}),
});

/** A copy without the keys whose value is undefined (stored events hold no `undefined`). */
export function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
