/**
 * `npm run heap-probe -- [--sockets N]`: what one idle visitor socket costs the gateway's JS
 * heap, by kind of object. Starts the stack with the gateway under `--heapsnapshot-signal`,
 * takes a snapshot, opens N visitor sockets (each welcomed, then `visitor.navigate`, as a
 * widget on a page), takes a second snapshot, and prints the difference per socket: in total
 * and for the constructors that grew most. Heap snapshots run a full GC first, so only live
 * objects count. A diagnostic, not a benchmark: it writes nothing to results/.
 */
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { waitFor } from '@sapa/testkit';
import { SUBPROTOCOL } from './loadgen/sapa-socket.js';
import { startSapaStack, type SapaStack } from './sapa-stack.js';
import { positiveIntegerArgument } from './cli-args.js';

interface HeapSummary {
  readonly total: number;
  /** Self size and count per "type:name" (constructor name for objects). */
  readonly byKind: ReadonlyMap<string, { size: number; count: number }>;
}

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../..');

/** Sums a .heapsnapshot's nodes by type and name (the V8 snapshot format's flat arrays). */
export function summarizeHeapSnapshot(text: string): HeapSummary {
  const snapshot = JSON.parse(text) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const byKind = new Map<string, { size: number; count: number }>();
  let total = 0;
  for (let node = 0; node < snapshot.nodes.length; node += width) {
    const size = snapshot.nodes[node + sizeAt] ?? 0;
    const type = types[snapshot.nodes[node + typeAt] ?? 0] ?? '?';
    // Strings and numbers are named by their value: group them by type only.
    const named = type === 'object' || type === 'closure' || type === 'native';
    const name = named ? (snapshot.strings[snapshot.nodes[node + nameAt] ?? 0] ?? '?') : '';
    const key = `${type}:${name}`;
    const entry = byKind.get(key) ?? { size: 0, count: 0 };
    entry.size += size;
    entry.count += 1;
    byKind.set(key, entry);
    total += size;
  }
  return { total, byKind };
}

/** Signals the gateway and waits for the snapshot file to be complete. */
async function takeSnapshot(stack: SapaStack, dir: string): Promise<HeapSummary> {
  const before = new Set(await readdir(dir));
  const pid = stack.gateway.pid;
  if (pid === undefined) throw new Error('the gateway is not running');
  process.kill(pid, 'SIGUSR2');
  const file = await waitFor(
    async () => {
      const fresh = (await readdir(dir)).find((name) => !before.has(name));
      if (!fresh) return false;
      const path = join(dir, fresh);
      const size = (await stat(path)).size;
      // V8 writes the snapshot in one go and ends it with the strings array's closing "]}".
      const text = await readFile(path, 'utf8');
      return size > 0 && text.trimEnd().endsWith(']}') && text;
    },
    { timeoutMs: 120_000, intervalMs: 500, description: 'the heap snapshot' },
  );
  return summarizeHeapSnapshot(file);
}

async function openIdleVisitor(stack: SapaStack, index: number): Promise<WebSocket> {
  const { wsUrl, siteKey, origin } = stack.config;
  const ws = new WebSocket(`${wsUrl}/ws/visitor?site=${siteKey}`, [SUBPROTOCOL], {
    headers: { Origin: origin },
  });
  await new Promise<void>((welcomed, failed) => {
    ws.on('message', (raw: Buffer) => {
      const frame = JSON.parse(raw.toString()) as { type: string };
      if (frame.type !== 'welcome') return;
      ws.send(
        JSON.stringify({
          type: 'visitor.navigate',
          id: `nav-${index}`,
          data: { url: `https://school.example/page/${index % 50}`, title: 'Jadwal' },
        }),
      );
      welcomed();
    });
    ws.once('error', failed);
    ws.once('close', (code) =>
      failed(new Error(`socket ${index} closed (${code}) before welcome`)),
    );
  });
  return ws;
}

async function main(): Promise<void> {
  const sockets = positiveIntegerArgument('--sockets', 2_000);
  const dir = await mkdtemp(join(tmpdir(), 'sapa-heap-'));
  const stack = await startSapaStack({
    repoRoot,
    agents: 0,
    gatewayNodeFlags: ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`],
  });
  const open: WebSocket[] = [];
  try {
    const before = await takeSnapshot(stack, dir);
    for (let start = 0; start < sockets; start += 100) {
      const batch = Array.from({ length: Math.min(100, sockets - start) }, (_, offset) =>
        openIdleVisitor(stack, start + offset),
      );
      open.push(...(await Promise.all(batch)));
    }
    const after = await takeSnapshot(stack, dir);
    report(before, after, sockets);
  } finally {
    for (const ws of open) ws.terminate();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function report(before: HeapSummary, after: HeapSummary, sockets: number): void {
  const print = (line: string) => process.stdout.write(`${line}\n`);
  const perSocket = (bytes: number) => (bytes / sockets).toFixed(0).padStart(6);
  const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
  print(
    `live JS heap: ${mib(before.total)} → ${mib(after.total)} MiB for ${sockets} idle visitor sockets = ${(
      (after.total - before.total) /
      sockets /
      1000
    ).toFixed(2)} KB per socket`,
  );
  const grown = [...after.byKind]
    .map(([kind, entry]) => {
      const was = before.byKind.get(kind) ?? { size: 0, count: 0 };
      return { kind, size: entry.size - was.size, count: entry.count - was.count };
    })
    .filter((entry) => entry.size > 0)
    .sort((a, b) => b.size - a.size)
    .slice(0, 30);
  print('bytes/socket  objects/socket  kind (type:constructor)');
  for (const entry of grown) {
    print(
      `${perSocket(entry.size)}  ${(entry.count / sockets).toFixed(2).padStart(14)}  ${entry.kind}`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `heap-probe: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
