import { describe, expect, it } from '@jest/globals';
import { headers as createHeaders } from '@nats-io/nats-core';
import {
  CAUSATION_HEADER,
  CORRELATION_HEADER,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
  outgoingHeaders,
  rpcContextFromHeaders,
  traceCarrierOf,
} from './rpc-context.js';

const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('rpc context', () => {
  it('reads correlation, causation and trace headers', () => {
    const headers = outgoingHeaders(
      { correlationId: 'corr-1', causationId: 'cause-1' },
      { traceparent, tracestate: 'a=b' },
    );
    expect(rpcContextFromHeaders(headers)).toEqual({
      correlationId: 'corr-1',
      causationId: 'cause-1',
      traceparent,
      tracestate: 'a=b',
    });
  });

  it('gives a fresh correlation id when none was sent, and no optional fields', () => {
    const first = rpcContextFromHeaders(undefined);
    const second = rpcContextFromHeaders(createHeaders());
    expect(first.correlationId).toMatch(/^[0-9a-f]{32}$/);
    expect(second.correlationId).not.toBe(first.correlationId);
    expect(Object.keys(first)).toEqual(['correlationId']);
  });

  it('bounds hostile header values', () => {
    const headers = createHeaders();
    headers.set(CORRELATION_HEADER, 'c'.repeat(1_000));
    headers.set(CAUSATION_HEADER, 'd'.repeat(1_000));
    headers.set(TRACESTATE_HEADER, 's'.repeat(2_000));
    const context = rpcContextFromHeaders(headers);
    expect(context.correlationId.length).toBe(128);
    expect(context.causationId?.length).toBe(128);
    expect(context.tracestate?.length).toBe(512);
  });

  it('writes only the headers it has values for', () => {
    const headers = outgoingHeaders({ correlationId: 'corr-2' }, {});
    expect(headers.keys()).toEqual([CORRELATION_HEADER]);
    expect(headers.has(TRACEPARENT_HEADER)).toBe(false);
  });

  it('extracts the trace carrier of a context', () => {
    expect(traceCarrierOf({ correlationId: 'x', traceparent })).toEqual({ traceparent });
    expect(traceCarrierOf({ correlationId: 'x' })).toEqual({});
  });
});
