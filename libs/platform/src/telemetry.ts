import {
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetector, detectResources, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  TracerProvider,
  type SpanExporter,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { z } from 'zod';
import { loadConfig } from './config.js';
import { installTracePropagation } from './tracing.js';

export { SpanKind };
export type { Attributes, Span };

/**
 * The standard OpenTelemetry variables Sapa reads to decide whether to export traces at all;
 * the exporter reads the rest of `OTEL_EXPORTER_OTLP_*` (headers, timeout, compression) itself.
 */
export const telemetryEnv = {
  OTEL_SDK_DISABLED: z.enum(['true', 'false', '']).default('false'),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().optional(),
  OTEL_SERVICE_NAME: z.string().optional(),
};

let tracer: Tracer | undefined;
let provider: TracerProvider | undefined;

/** True when a span is active here (a traced hop is under way in this async context). */
export const hasActiveSpan = (): boolean => trace.getActiveSpan() !== undefined;

/** True once startTracing has installed an exporting SDK; spans are no-ops otherwise. */
export const isTracing = (): boolean => tracer !== undefined;

/**
 * Starts the OpenTelemetry SDK with the OTLP/HTTP exporter when an endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) and `OTEL_SDK_DISABLED`
 * is not `true`. Without one, nothing is installed and every span helper below calls its
 * function straight away: no span objects, no attribute objects. `exporter` is for tests
 * (spans then go through a simple, unbatched processor). Returns whether tracing is on.
 */
export function startTracing(options: {
  serviceName: string;
  env?: Record<string, string | undefined>;
  exporter?: SpanExporter;
}): boolean {
  if (tracer) return true;
  const env = loadConfig(z.object(telemetryEnv), options.env ?? process.env);
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!options.exporter && (env.OTEL_SDK_DISABLED === 'true' || !endpoint)) return false;
  installTracePropagation();
  const resource = resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }).merge(
    detectResources({ detectors: [envDetector] }),
  );
  provider = new TracerProvider({
    resource,
    spanProcessors: [
      options.exporter
        ? new SimpleSpanProcessor({ exporter: options.exporter })
        : new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }),
    ],
  });
  trace.setGlobalTracerProvider(provider);
  tracer = trace.getTracer('sapa');
  return true;
}

/** Flushes and stops the SDK (on shutdown, so the last spans are not lost). */
export async function stopTracing(): Promise<void> {
  const stopping = provider;
  tracer = undefined;
  provider = undefined;
  trace.disable();
  await stopping?.shutdown();
}

/**
 * Runs `fn` inside a new active span (child of the active context), ends it when the promise
 * settles and marks it failed with `error.type` when it throws (the error's code or class, never
 * its message, which may quote user input). With tracing off it is `fn()`.
 */
export function withSpan<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes | undefined,
  fn: (span: Span | undefined) => Promise<T>,
): Promise<T> {
  if (!tracer) return fn(undefined);
  return tracer.startActiveSpan(name, { kind, ...(attributes ? { attributes } : {}) }, (span) =>
    fn(span).then(
      (value) => {
        span.end();
        return value;
      },
      (error: unknown) => {
        failSpan(span, error);
        span.end();
        throw error;
      },
    ),
  );
}

/** withSpan for synchronous work. */
export function withSpanSync<T>(
  name: string,
  kind: SpanKind,
  attributes: Attributes | undefined,
  fn: (span: Span | undefined) => T,
): T {
  if (!tracer) return fn(undefined);
  return tracer.startActiveSpan(name, { kind, ...(attributes ? { attributes } : {}) }, (span) => {
    try {
      return fn(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Marks a span failed with the error's code (SapaError) or class name as `error.type`. */
export function failSpan(span: Span | undefined, error: unknown): void {
  if (!span) return;
  const code = (error as { code?: unknown } | null)?.code;
  const type = typeof code === 'string' ? code : error instanceof Error ? error.name : typeof error;
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}
