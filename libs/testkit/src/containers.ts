import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestServer } from './index.js';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

let engineReachable: boolean | undefined;

/**
 * True when the tests should start servers as containers: SAPA_TEST_USE_DOCKER=1 and a Docker
 * engine answers (DOCKER_HOST or /var/run/docker.sock, and `docker info` succeeds when the
 * CLI exists). Local binaries stay the default; this path is for laptops with Docker.
 */
export function useDocker(): boolean {
  if (process.env['SAPA_TEST_USE_DOCKER'] !== '1') return false;
  if (engineReachable !== undefined) return engineReachable;
  const socket = process.env['DOCKER_HOST'] !== undefined || existsSync('/var/run/docker.sock');
  if (!socket) {
    engineReachable = false;
  } else {
    const info = spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 15_000 });
    // No CLI (ENOENT) is fine: testcontainers talks to the socket itself.
    engineReachable = info.error !== undefined ? true : info.status === 0;
  }
  if (!engineReachable) {
    console.warn(
      'testkit: SAPA_TEST_USE_DOCKER=1 but no Docker engine answers; using local servers',
    );
  }
  return engineReachable;
}

/** What to run in a container. */
export interface ContainerPlan {
  readonly image: string;
  readonly containerPort: number;
  readonly command?: readonly string[];
  readonly environment?: Record<string, string>;
  /** URL for a host and host port, e.g. (h, p) => `nats://${h}:${p}`. */
  readonly url: (host: string, port: number) => string;
  /** Resolves true once the server answers at that URL. */
  readonly ready: (url: string) => Promise<boolean>;
}

/**
 * Starts a server with testcontainers, bound to a fixed free host port so that a restart
 * keeps its URL. testcontainers is imported lazily: the normal (local binary) path never
 * loads it.
 */
export async function startContainer(plan: ContainerPlan): Promise<TestServer> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const hostPort = await freePort();
  let builder = new GenericContainer(plan.image)
    .withExposedPorts({ container: plan.containerPort, host: hostPort })
    .withEnvironment(plan.environment ?? {})
    .withWaitStrategy(Wait.forListeningPorts());
  if (plan.command) builder = builder.withCommand([...plan.command]);
  const started = await builder.start();
  const url = plan.url(started.getHost(), hostPort);
  const ready = async (): Promise<void> => {
    await waitFor(() => plan.ready(url), {
      timeoutMs: 60_000,
      description: `${plan.image} at ${url}`,
    });
  };
  await ready();

  const client = await getContainerRuntimeClient();
  const container = client.container.getById(started.getId());
  const waitStopped = async (): Promise<void> => {
    await waitFor(async () => !(await client.container.inspect(container)).State.Running, {
      timeoutMs: 30_000,
      description: `container ${plan.image} to stop`,
    });
  };
  let disposed = false;
  return {
    url,
    port: hostPort,
    async stop() {
      await client.container.stop(container, { timeout: 10 });
      await waitStopped();
    },
    async kill() {
      if ((await client.container.inspect(container)).State.Running) {
        await container.kill({ signal: 'SIGKILL' });
      }
      await waitStopped();
    },
    async restart() {
      if ((await client.container.inspect(container)).State.Running) {
        await client.container.stop(container, { timeout: 10 });
      }
      await client.container.start(container);
      await ready();
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      await started.stop({ remove: true, timeout: 10 });
    },
  };
}
