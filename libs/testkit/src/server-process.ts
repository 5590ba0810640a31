import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';

/** What to run and how to know it is ready. */
export interface ProcessSpec {
  /** Short name for messages, e.g. 'nats-server'. */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** stdout and stderr are appended here too (kept after the run for post-mortems). */
  readonly logFile?: string;
  /** Resolves true once the process serves; polled until `readyTimeoutMs`. */
  readonly ready: () => Promise<boolean>;
  readonly readyTimeoutMs: number;
  /** Bytes of output kept in memory (default 256 KiB; older output is dropped). */
  readonly keepBytes?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Children must not outlive the test run, even when jest exits without teardown (an error
 * in setup, a worker crash): SIGKILL whatever is still running when this process exits.
 */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
}

/**
 * One OS process that can be started, stopped gracefully, SIGKILLed and started again with
 * the same command line. Output is collected (bounded) so failures can show it.
 */
export class ServerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private chunks: string[] = [];
  private kept = 0;
  private log: WriteStream | undefined;

  constructor(private readonly spec: ProcessSpec) {}

  /** True while the process runs. */
  get running(): boolean {
    return this.child !== undefined;
  }

  /** The OS process id while it runs (for /proc readings such as its CPU time). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Everything the process wrote (stdout and stderr, interleaved), up to `keepBytes`. */
  output(): string {
    return this.chunks.join('');
  }

  /** Spawns the process and waits until it is ready; throws with its output otherwise. */
  async start(): Promise<void> {
    if (this.child !== undefined) throw new Error(`${this.spec.name} is already running`);
    installExitHook();
    this.log ??= this.spec.logFile
      ? createWriteStream(this.spec.logFile, { flags: 'a' })
      : undefined;
    const child = spawn(this.spec.command, [...this.spec.args], {
      cwd: this.spec.cwd,
      env: this.spec.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    let exitInfo: string | undefined;
    this.exited = new Promise<void>((resolve) => {
      const finish = (info: string): void => {
        exitInfo ??= info;
        live.delete(child);
        if (this.child === child) this.child = undefined;
        resolve();
      };
      child.once('exit', (code, signal) => finish(signal ? `signal ${signal}` : `code ${code}`));
      child.once('error', (error) => finish(`spawn error: ${error.message}`));
    });
    child.stdout?.on('data', (data: Buffer) => this.collect(data));
    child.stderr?.on('data', (data: Buffer) => this.collect(data));

    const deadline = Date.now() + this.spec.readyTimeoutMs;
    for (;;) {
      if (exitInfo !== undefined) {
        throw new Error(
          `${this.spec.name} exited before it was ready (${exitInfo}): ${this.spec.command} ${this.spec.args.join(' ')}\n${this.tail()}`,
        );
      }
      if (await this.spec.ready().catch(() => false)) {
        if (exitInfo === undefined) return;
        continue;
      }
      if (Date.now() > deadline) {
        await this.kill();
        throw new Error(
          `${this.spec.name} was not ready after ${this.spec.readyTimeoutMs} ms: ${this.spec.command} ${this.spec.args.join(' ')}\n${this.tail()}`,
        );
      }
      await delay(50);
    }
  }

  /** SIGTERM, then wait for exit; SIGKILL if it is still running after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGKILL, then wait for exit. */
  async kill(): Promise<void> {
    const child = this.child;
    if (child === undefined) return;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** Closes the log file (after a final stop). */
  async close(): Promise<void> {
    const log = this.log;
    this.log = undefined;
    if (log) await new Promise<void>((resolve) => log.end(resolve));
  }

  /** The last lines of output, for error messages. */
  tail(lines = 40): string {
    const all = this.output().trimEnd().split('\n');
    const shown = all.slice(-lines).join('\n');
    const where = this.spec.logFile ? ` (full log: ${this.spec.logFile})` : '';
    return `--- last output of ${this.spec.name}${where} ---\n${shown}`;
  }

  private collect(data: Buffer): void {
    this.log?.write(data);
    const text = data.toString('utf8');
    this.chunks.push(text);
    this.kept += text.length;
    const limit = this.spec.keepBytes ?? 256 * 1024;
    while (this.kept > limit && this.chunks.length > 1) {
      this.kept -= this.chunks.shift()?.length ?? 0;
    }
  }
}
