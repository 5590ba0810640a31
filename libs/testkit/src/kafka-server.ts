import { join } from 'node:path';
import { findBinary } from './binaries.js';
import type { TestServer } from './index.js';
import { startLocalServer } from './local-server.js';
import { acceptsConnections } from './wait-for.js';

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
      ready: () => acceptsConnections(port),
      readyTimeoutMs: 10_000,
    },
  }));
}
