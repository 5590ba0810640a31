import { afterAll, describe, expect, it } from '@jest/globals';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import {
  SpanKind,
  isTracing,
  startTracing,
  stopTracing,
  withSpan,
  withSpanSync,
} from './telemetry.js';
import { currentTraceCarrier } from './tracing.js';

describe('span helpers', () => {
  afterAll(() => stopTracing());

  it('without an endpoint nothing is installed and the function runs untraced', async () => {
    expect(startTracing({ serviceName: 'test', env: {} })).toBe(false);
    expect(isTracing()).toBe(false);
    await expect(
      withSpan('x', SpanKind.INTERNAL, undefined, (span) => Promise.resolve(span)),
    ).resolves.toBe(undefined);
  });

  it('with an exporter, spans nest, carry the trace on and record only the error code', async () => {
    const exporter = new InMemorySpanExporter();
    expect(startTracing({ serviceName: 'test', env: {}, exporter })).toBe(true);
    let carried: string | undefined;
    await withSpan('outer', SpanKind.SERVER, { a: 1 }, async () => {
      withSpanSync('inner', SpanKind.INTERNAL, undefined, () => {
        carried = currentTraceCarrier().traceparent;
      });
      await expect(
        withSpan('failing', SpanKind.CLIENT, undefined, () =>
          Promise.reject(Object.assign(new Error('secret text'), { code: 'timeout' })),
        ),
      ).rejects.toThrow('secret text');
    });
    const spans = exporter.getFinishedSpans();
    const outer = spans.find((span) => span.name === 'outer');
    const inner = spans.find((span) => span.name === 'inner');
    const failing = spans.find((span) => span.name === 'failing');
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(carried).toContain(inner?.spanContext().spanId);
    expect(failing?.attributes['error.type']).toBe('timeout');
    expect(JSON.stringify(failing?.status)).not.toContain('secret');
  });
});
