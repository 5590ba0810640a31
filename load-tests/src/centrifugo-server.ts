import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@sapa/testkit';

/**
 * Centrifugo, the optional third system of the idle and fan-out comparisons. It is installed by
 * the bench itself (never by scripts/setup.sh, so CI does not pay for a ~90 MB Go build) with
 * `go install github.com/centrifugal/centrifugo/v6@CENTRIFUGO_VERSION` into `.tools/bin`.
 */
export const CENTRIFUGO_VERSION = 'v6.9.1';
const MODULE = 'github.com/centrifugal/centrifugo/v6';

/** `.tools/bin/centrifugo` when it was installed there, else undefined. */
export function centrifugoBinary(repoRoot: string): string | undefined {
  const local = join(repoRoot, '.tools', 'bin', 'centrifugo');
  return existsSync(local) ? local : undefined;
}

function goBinary(repoRoot: string): string {
  for (const candidate of ['/usr/local/go/bin/go', join(repoRoot, '.tools', 'go', 'bin', 'go')])
    if (existsSync(candidate)) return candidate;
  return 'go';
}

/**
 * Installs Centrifugo once (when `.tools/bin/centrifugo` is missing); the build's output goes to
 * `logFile`. Resolves with the binary, or with the error when `go install` failed (the bench
 * then compares with Socket.IO only and says why in its notes).
 */
export async function ensureCentrifugo(
  repoRoot: string,
  logFile: string,
): Promise<{ binary: string } | { error: string }> {
  const existing = centrifugoBinary(repoRoot);
  if (existing) return { binary: existing };
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(goBinary(repoRoot), ['install', `${MODULE}@${CENTRIFUGO_VERSION}`], {
    env: { ...process.env, GOBIN: join(repoRoot, '.tools', 'bin'), GOTOOLCHAIN: 'auto' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-2000);
    log.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // A Go build of this size takes minutes on 2 cores; 20 minutes is the bound.
  const timer = setTimeout(() => child.kill('SIGKILL'), 20 * 60_000);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  log.end();
  const binary = centrifugoBinary(repoRoot);
  if (code === 0 && binary) return { binary };
  return { error: `go install ${MODULE}@${CENTRIFUGO_VERSION} failed (${code}): ${tail.trim()}` };
}

/**
 * The configuration the comparison runs with: loopback only, anonymous clients may connect,
 * subscribe and publish to channels without a namespace (the fan-out scenario publishes from a
 * client, as the Socket.IO server relays `pub`), no history or presence (Socket.IO keeps none),
 * no compression, usage statistics off (they would be sent off this machine).
 */
export function centrifugoConfig(port: number): Record<string, unknown> {
  return {
    http_server: { address: '127.0.0.1', port },
    log: { level: 'warn' },
    client: { insecure: true, allowed_origins: ['*'] },
    channel: {
      without_namespace: {
        allow_subscribe_for_client: true,
        allow_subscribe_for_anonymous: true,
        allow_publish_for_client: true,
        allow_publish_for_anonymous: true,
      },
    },
    health: { enabled: true },
    usage_stats: { disabled: true },
  };
}

/** A running Centrifugo: its base URL, its pid (sampled like the others), and stop. */
export interface CentrifugoServer {
  readonly url: string;
  pid(): number | undefined;
  stop(): Promise<void>;
}

/** Starts Centrifugo on a free loopback port and waits for its /health. */
export async function startCentrifugo(binary: string): Promise<CentrifugoServer> {
  const dir = await mkdtemp(join(tmpdir(), 'sapa-centrifugo-'));
  const port = await freePort();
  const configPath = join(dir, 'config.json');
  await writeFile(configPath, JSON.stringify(centrifugoConfig(port)));
  const child: ChildProcess = spawn(binary, ['--config', configPath], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-8000);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`, {
        signal: AbortSignal.timeout(1_000),
      });
      await response.body?.cancel();
      if (response.ok)
        return {
          url: `ws://127.0.0.1:${port}`,
          pid: () => (child.exitCode === null ? child.pid : undefined),
          stop,
        };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error(`centrifugo did not become healthy:\n${output}`);
}
