import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

/** How to run the gateway for a bench: its environment and extra Node flags (--cpu-prof ...). */
export interface GatewaySpec {
  readonly repoRoot: string;
  readonly env: Record<string, string>;
  readonly healthPort: number;
  readonly nodeFlags?: readonly string[];
  readonly readyTimeoutMs?: number;
  /** Append everything the gateway prints here too (GC traces, profiles' paths). */
  readonly logFile?: string;
}

/**
 * The gateway as a child process the bench owns: it needs the pid (RSS and CPU sampling), Node
 * flags (profiles, GC traces) and a restart in the middle of a run (the reconnect storm), which
 * the test kit's startService does not give.
 */
export class GatewayProcess {
  private child: ChildProcess | undefined;
  private log = '';

  constructor(private readonly spec: GatewaySpec) {}

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  /** The last 64 KiB the gateway wrote (warnings and errors), for reports and failures. */
  output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    const main = join(this.spec.repoRoot, 'services', 'gateway', 'dist', 'main.js');
    const child = spawn(process.execPath, [...(this.spec.nodeFlags ?? []), main], {
      cwd: this.spec.repoRoot,
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        ...this.spec.env,
        HEALTH_PORT: String(this.spec.healthPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString('utf8')).slice(-64 * 1024);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    if (this.spec.logFile) {
      const file = createWriteStream(this.spec.logFile, { flags: 'a' });
      child.stdout?.pipe(file, { end: false });
      child.stderr?.pipe(file, { end: false });
      child.once('exit', () => file.end());
    }
    this.child = child;
    const deadline = Date.now() + (this.spec.readyTimeoutMs ?? 20_000);
    while (Date.now() < deadline) {
      if (child.exitCode !== null) break;
      if (await this.ready()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`gateway did not become ready:\n${this.log}`);
  }

  /** SIGTERM (the gateway drains and closes its sockets with 1001), then wait for the exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.start();
  }

  private async ready(): Promise<boolean> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.spec.healthPort}/ready`, {
        signal: AbortSignal.timeout(1_000),
      });
      await response.body?.cancel();
      return response.status === 200;
    } catch {
      return false;
    }
  }
}
