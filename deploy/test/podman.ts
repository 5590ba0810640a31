import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * podman as this machine needs it, through a containers.conf of the test's own (CONTAINERS_CONF):
 * runc (crun fails on RLIMIT_NOFILE here), netavark (no CNI plugins), and default ulimits
 * within the machine's hard limits (podman's own defaults are above them, and runc then fails).
 */
export class Podman {
  private readonly env: NodeJS.ProcessEnv;

  constructor(scratchDir: string) {
    const conf = path.join(scratchDir, 'containers.conf');
    const hardNoFile = execFileSync('bash', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim();
    writeFileSync(
      conf,
      [
        '[containers]',
        `default_ulimits = ["nofile=${hardNoFile}:${hardNoFile}", "nproc=4096:4096"]`,
        '[engine]',
        'runtime = "runc"',
        '[network]',
        'network_backend = "netavark"',
        '',
      ].join('\n'),
    );
    this.env = { ...process.env, CONTAINERS_CONF: conf };
  }

  /** Runs podman; resolves with its stdout, rejects with its stderr. */
  async run(args: readonly string[], timeoutMs = 120_000): Promise<string> {
    try {
      const { stdout } = await run('podman', args, {
        env: this.env,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
      });
      return stdout;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`podman ${args.join(' ')}: ${stderr.trim() || String(error)}`);
    }
  }

  /** The same, never rejecting (teardown). */
  async tryRun(args: readonly string[]): Promise<void> {
    await this.run(args).catch(() => undefined);
  }
}

/**
 * Why podman cannot run containers here, or undefined when it can (a trivial container from
 * the local base image). The play test skips with this reason outside CI, and fails in CI.
 */
export async function podmanUnusable(podman: Podman, image: string): Promise<string | undefined> {
  try {
    execFileSync('buildah', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'buildah is not installed (bash scripts/tools.sh containers installs it)';
  }
  try {
    await podman.run(['run', '--rm', '--network', 'none', image, 'true'], 60_000);
    return undefined;
  } catch (error) {
    return `podman cannot run a container here: ${error instanceof Error ? error.message : String(error)}`;
  }
}
