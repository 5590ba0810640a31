import { connect } from 'node:net';
import { join } from 'node:path';
import { findBinary } from './binaries.js';
import { startContainer, useDocker } from './containers.js';
import type { TestServer } from './index.js';
import { startLocalServer } from './local-server.js';

/** True when the Redis at `url` answers PING with PONG (raw RESP; no client library needed). */
export function redisAnswers(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.removeAllListeners();
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data: Buffer) => {
      reply += data.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

/** redis-server on a free port with persistence off (a restart starts empty). */
export async function startRedis(): Promise<TestServer> {
  if (useDocker()) {
    return startContainer({
      image: 'redis:7',
      containerPort: 6379,
      command: ['redis-server', '--save', '', '--appendonly', 'no'],
      url: (host, port) => `redis://${host}:${port}`,
      ready: redisAnswers,
    });
  }
  const binary = findBinary('redis-server', ['/usr/sbin', '/usr/local/bin']);
  return startLocalServer('redis', (port, dataDir) => {
    const url = `redis://127.0.0.1:${port}`;
    return {
      url,
      spec: {
        name: 'redis-server',
        command: binary,
        args: [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dataDir,
        ],
        logFile: join(dataDir, 'redis-server.log'),
        ready: () => redisAnswers(url),
        readyTimeoutMs: 20_000,
      },
    };
  });
}
