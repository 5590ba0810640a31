/** One span as Jaeger's query API returns it, with its service name resolved. */
export interface TraceSpan {
  readonly spanId: string;
  readonly parentId: string | undefined;
  readonly name: string;
  readonly service: string;
  readonly kind: string | undefined;
  readonly durationUs: number;
  readonly tags: Readonly<Record<string, unknown>>;
}

interface JaegerTrace {
  readonly traceID: string;
  readonly spans: ReadonlyArray<{
    readonly spanID: string;
    readonly operationName: string;
    readonly processID: string;
    readonly duration: number;
    readonly references?: ReadonlyArray<{ readonly refType: string; readonly spanID: string }>;
    readonly tags?: ReadonlyArray<{ readonly key: string; readonly value: unknown }>;
  }>;
  readonly processes: Readonly<Record<string, { readonly serviceName: string }>>;
}

/** The traces of `service` that contain an operation named `operation` (Jaeger's /api/traces). */
export async function findTraces(
  queryUrl: string,
  service: string,
  operation: string,
): Promise<{ traceId: string; spans: TraceSpan[] }[]> {
  const url = new URL('/api/traces', queryUrl);
  url.searchParams.set('service', service);
  url.searchParams.set('operation', operation);
  url.searchParams.set('limit', '50');
  url.searchParams.set('lookback', '1h');
  const response = await fetch(url);
  if (!response.ok) throw new Error(`jaeger ${url.pathname}: ${response.status}`);
  const body = (await response.json()) as { data: JaegerTrace[] | null };
  return (body.data ?? []).map((trace) => ({
    traceId: trace.traceID,
    spans: trace.spans.map((span) => {
      const tags = Object.fromEntries((span.tags ?? []).map((tag) => [tag.key, tag.value]));
      return {
        spanId: span.spanID,
        parentId: span.references?.find((ref) => ref.refType === 'CHILD_OF')?.spanID,
        name: span.operationName,
        service: trace.processes[span.processID]?.serviceName ?? '?',
        kind: typeof tags['span.kind'] === 'string' ? tags['span.kind'] : undefined,
        durationUs: span.duration,
        tags,
      };
    }),
  }));
}

/** The chain of span names from `span` up to the trace's root (`service:name`). */
export function ancestry(spans: readonly TraceSpan[], span: TraceSpan): string[] {
  const byId = new Map(spans.map((each) => [each.spanId, each]));
  const chain: string[] = [];
  for (
    let at: TraceSpan | undefined = span;
    at;
    at = at.parentId ? byId.get(at.parentId) : undefined
  ) {
    chain.push(`${at.service}:${at.name}`);
    if (chain.length > 50) break;
  }
  return chain.reverse();
}
