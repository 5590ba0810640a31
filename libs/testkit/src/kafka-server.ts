import { connect } from 'node:net';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import type { TestServer } from './index.js';
import { startLocalServer } from './local-server.js';

/** True when something accepts TCP connections at `host:port`. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/**
 * A Kafka-protocol broker on a free port: franz-go's `kfake` (libs/testkit/go/kfake, built by
 * scripts/setup.sh into .tools/bin), one broker, topics created on first use. Its log is in
 * memory, so `restart()` starts it empty. `url` is the bootstrap address (`127.0.0.1:<port>`),
 * as kafkajs takes it in `brokers`.
 */
export async function startKafka(): Promise<TestServer> {
  const binary = findBinary('kfake');
  return startLocalServer('kfake', (port, dataDir) => ({
    url: `127.0.0.1:${port}`,
    spec: {
      name: 'kfake',
      command: binary,
      args: ['-port', String(port)],
      logFile: join(dataDir, 'kfake.log'),
      ready: () => accepts('127.0.0.1', port),
      readyTimeoutMs: 10_000,
    },
  }));
}
