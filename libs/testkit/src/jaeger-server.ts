import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { freePort } from './free-port.js';
import type { TestServer } from './index.js';
import { startLocalServer } from './local-server.js';
import { acceptsConnections } from './wait-for.js';

/** The Jaeger release the trace tests run against (scripts/setup.sh builds it). */
export const JAEGER_BINARY = 'jaeger-v1.76.0';
/** The promtool release the metrics tests run (scripts/setup.sh builds it). */
export const PROMTOOL_BINARY = 'promtool-v0.316.0';

/** A running Jaeger: `url` is its query API, `otlpEndpoint` its OTLP/HTTP receiver. */
export interface TestJaeger extends TestServer {
  readonly otlpEndpoint: string;
}

/**
 * Jaeger v2 on free ports, spans in memory: OTLP/HTTP in, the query API (`/api/traces`) out,
 * nothing else listening (its own metrics are off, so two runs never share a port).
 */
export async function startJaeger(): Promise<TestJaeger> {
  const binary = findBinary(JAEGER_BINARY);
  let otlpPort = 0;
  const server = await startLocalServer('jaeger', async (queryPort, dataDir) => {
    otlpPort = await freePort();
    const config = join(dataDir, 'jaeger.yaml');
    await writeFile(config, jaegerConfig(queryPort, otlpPort, await freePort()));
    return {
      url: `http://127.0.0.1:${queryPort}`,
      spec: {
        name: 'jaeger',
        command: binary,
        args: ['--config', config],
        logFile: join(dataDir, 'jaeger.log'),
        ready: async () => (await acceptsConnections(queryPort)) && acceptsConnections(otlpPort),
        readyTimeoutMs: 30_000,
      },
    };
  });
  return Object.assign(server, { otlpEndpoint: `http://127.0.0.1:${otlpPort}` });
}

function jaegerConfig(queryPort: number, otlpPort: number, grpcPort: number): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  jaeger_query:
    storage:
      traces: memstore
    enable_tracing: false
    http:
      endpoint: 127.0.0.1:${queryPort}
    grpc:
      endpoint: 127.0.0.1:${grpcPort}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 10000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${otlpPort}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

/** Runs promtool with `args`, `stdin` on its input; resolves with its exit code and output. */
export function promtool(
  args: readonly string[],
  stdin = '',
): Promise<{ code: number | null; output: string }> {
  const binary = findBinary(PROMTOOL_BINARY);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(stdin);
  });
}
