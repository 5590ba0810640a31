import { connect } from '@nats-io/transport-node';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { startContainer, useDocker } from './containers.js';
import type { TestServer } from './index.js';
import { startLocalServer } from './local-server.js';

/** True when a NATS client can connect to `url` and round-trip a flush. */
export async function natsAnswers(url: string): Promise<boolean> {
  const nc = await connect({ servers: url, timeout: 1_000, reconnect: false });
  try {
    await nc.flush();
    return true;
  } finally {
    await nc.close();
  }
}

/**
 * nats-server on a free port with its own JetStream store dir (JetStream on by default).
 * `restart()` reuses the port and the store, so persisted streams and messages survive it.
 */
export async function startNats(options: { jetstream?: boolean } = {}): Promise<TestServer> {
  const jetstream = options.jetstream ?? true;
  if (useDocker()) {
    return startContainer({
      image: 'nats:2',
      containerPort: 4222,
      command: jetstream ? ['-js', '-sd', '/data'] : [],
      url: (host, port) => `nats://${host}:${port}`,
      ready: natsAnswers,
    });
  }
  const binary = findBinary('nats-server', ['/usr/sbin', '/usr/local/sbin']);
  return startLocalServer('nats', (port, dataDir) => {
    const url = `nats://127.0.0.1:${port}`;
    const args = ['-a', '127.0.0.1', '-p', String(port)];
    if (jetstream) args.push('-js', '-sd', join(dataDir, 'jetstream'));
    return {
      url,
      spec: {
        name: 'nats-server',
        command: binary,
        args,
        logFile: join(dataDir, 'nats-server.log'),
        ready: () => natsAnswers(url),
        readyTimeoutMs: 20_000,
      },
    };
  });
}
