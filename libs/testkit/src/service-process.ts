import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import type { RunningService } from './index.js';
import { repoRoot } from './repo-root.js';
import { ServerProcess } from './server-process.js';

/** True when GET http://127.0.0.1:`port`/ready answers 200. */
async function isReady(port: number): Promise<boolean> {
  const response = await fetch(`http://127.0.0.1:${port}/ready`, {
    signal: AbortSignal.timeout(1_000),
  });
  await response.body?.cancel();
  return response.status === 200;
}

/**
 * Spawns a built service (`node services/<name>/dist/main.js`, with the Node running the
 * tests) with process.env + `env` + HEALTH_PORT (a free port unless `env` names one) and
 * LOG_LEVEL (default 'warn'), and waits until its /ready answers 200. Its output is kept for
 * `output()` and shown when it fails to become ready. `restart()` reuses env and health port.
 */
export async function startService(options: {
  /** Folder under services/, e.g. 'chat'. */
  name: string;
  /** Added to process.env (and wins over it). */
  env: Record<string, string>;
  /** Deadline for /ready (default 60 s). */
  readyTimeoutMs?: number;
}): Promise<RunningService> {
  const main = join(repoRoot(), 'services', options.name, 'dist', 'main.js');
  if (!existsSync(main)) {
    throw new Error(`startService: ${main} does not exist; build first (npm run build)`);
  }
  const healthPort = options.env['HEALTH_PORT']
    ? Number(options.env['HEALTH_PORT'])
    : await freePort();
  const serviceProcess = new ServerProcess({
    name: `service ${options.name}`,
    command: process.execPath,
    args: [main],
    cwd: repoRoot(),
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env, HEALTH_PORT: String(healthPort) },
    ready: () => isReady(healthPort),
    // A deadline, not a wait: a healthy service is ready in about a second, but on a loaded
    // 2-core CI machine several stacks start at once and 20 s proved too short.
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    keepBytes: 8 * 1024 * 1024,
  });
  await serviceProcess.start();
  return {
    name: options.name,
    healthPort,
    pid: () => serviceProcess.pid,
    output: () => serviceProcess.output(),
    stop: () => serviceProcess.stop(),
    kill: () => serviceProcess.kill(),
    async restart() {
      await serviceProcess.stop();
      await serviceProcess.start();
    },
  };
}
