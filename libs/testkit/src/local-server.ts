import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import type { TestServer } from './index.js';
import { ServerProcess, type ProcessSpec } from './server-process.js';

/** How to run one kind of server on a given port with a given data dir. */
export interface LocalServerPlan {
  readonly url: string;
  readonly spec: ProcessSpec;
  /** Extra clean-up after the process is gone (e.g. drop a PostgreSQL database). */
  readonly onDispose?: () => Promise<void>;
}

/** A server run as a local child process; see {@link TestServer}. */
class LocalTestServer implements TestServer {
  private disposed = false;

  constructor(
    readonly url: string,
    readonly port: number,
    private readonly dataDir: string,
    private readonly process: ServerProcess,
    private readonly onDispose: (() => Promise<void>) | undefined,
  ) {}

  stop(): Promise<void> {
    return this.process.stop();
  }

  kill(): Promise<void> {
    return this.process.kill();
  }

  async restart(): Promise<void> {
    if (this.disposed) throw new Error(`cannot restart a disposed server (${this.url})`);
    await this.process.stop();
    await this.process.start();
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.process.stop();
    await this.process.close();
    try {
      await this.onDispose?.();
    } finally {
      await rm(this.dataDir, { recursive: true, force: true });
    }
  }
}

const portTaken = /address already in use/i;

/** Temp dirs of the kit's servers older than this are left-overs of killed runs. */
const staleDirAfterMs = 24 * 60 * 60 * 1000;
let swept = false;

/**
 * Deletes the kit's temp dirs (`sapa-nats-…`, `sapa-redis-…`, `sapa-ferretdb-…`, `sapa-kfake-…`) untouched for
 * a day, once per process: a run killed with SIGKILL never reaches `dispose()`.
 */
async function sweepStaleDirs(): Promise<void> {
  if (swept) return;
  swept = true;
  const root = tmpdir();
  const names = await readdir(root).catch(() => []);
  for (const name of names) {
    if (!/^sapa-(nats|redis|ferretdb|kfake)-/.test(name)) continue;
    const path = join(root, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isDirectory() && Date.now() - info.mtimeMs > staleDirAfterMs) {
      await rm(path, { recursive: true, force: true }).catch(() => undefined);
    }
  }
}

/**
 * Starts a server on a free port with its own temp dir (under os.tmpdir()). A free port can be
 * taken by another test process between probe and bind, so a start that fails with "address
 * already in use" is retried on a new port. On any other failure the temp dir is removed and
 * the error (with the server's output) is thrown.
 */
export async function startLocalServer(
  kind: string,
  plan: (port: number, dataDir: string) => Promise<LocalServerPlan> | LocalServerPlan,
): Promise<TestServer> {
  await sweepStaleDirs();
  const dataDir = await mkdtemp(join(tmpdir(), `sapa-${kind}-`));
  for (let attempt = 1; ; attempt += 1) {
    const port = await freePort();
    let planned: LocalServerPlan | undefined;
    try {
      planned = await plan(port, dataDir);
      const serverProcess = new ServerProcess(planned.spec);
      try {
        await serverProcess.start();
      } catch (error) {
        await serverProcess.close();
        throw error;
      }
      return new LocalTestServer(planned.url, port, dataDir, serverProcess, planned.onDispose);
    } catch (error) {
      await planned?.onDispose?.().catch(() => undefined);
      const retry = attempt < 4 && error instanceof Error && portTaken.test(error.message);
      if (!retry) {
        await rm(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
}
