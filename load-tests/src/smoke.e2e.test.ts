import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startNats, testInfra, type TestServer } from '@sapa/testkit';
import { counter, runLoad, type LoadResult } from './load-runner.js';
import type { LoadSpec } from './loadgen/plan.js';
import { sampleProcess } from './process-sampler.js';
import { startSapaStack, type SapaStack } from './sapa-stack.js';
import { startSocketIoServer } from './socketio-server.js';
import { restartWhenHeld } from './storm-restart.js';

// The CI smoke version of the load tests: every scenario of the load generator
// (load-tests/dist/loadgen-main.js, built by `npm run build`) at a few hundred sockets for a few
// seconds against a real stack, so the scenarios never rot. Each run must pass its own
// thresholds (zero lost, duplicated or refused messages); the full runs are `npm run bench`.
const repoRoot = join(import.meta.dirname, '..', '..');

let nats: TestServer;
let stack: SapaStack;
let dir: string;

beforeAll(async () => {
  const infra = testInfra();
  nats = await startNats({ jetstream: true });
  stack = await startSapaStack({
    repoRoot,
    natsUrl: nats.url,
    redisUrl: infra.redisUrl,
    // No mongoUrl: the stack starts a FerretDB of its own, so this burst of chats never
    // shares a FerretDB connection pool with another suite running at the same time.
    agents: 2,
  });
  dir = await mkdtemp(join(tmpdir(), 'sapa-smoke-'));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await nats?.dispose();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const load = (
  scenario: LoadSpec['scenario'],
  params: LoadSpec['params'],
  name: string = scenario,
  targetUrl?: string,
) =>
  runLoad({
    repoRoot,
    spec: {
      scenario,
      params,
      workers: 2,
      ...(targetUrl ? { targetUrl } : { config: stack.config }),
    },
    summaryPath: join(dir, `${name}.json`),
    timeoutMs: 90_000,
  });

/** A failed run shows the generator's own report (which threshold, which error frames). */
function expectPassed(result: LoadResult): void {
  if (!result.thresholdsPassed)
    throw new Error(`thresholds failed: ${result.failedThresholds.join('; ')}\n${result.output}`);
  expect(counter(result, 'sapa_lost')).toBe(0);
  expect(counter(result, 'sapa_duplicated')).toBe(0);
  expect(result.generator.workers).toBe(2);
}

describe('load-test smoke (the generator against a real stack)', () => {
  it('idle: 200 visitors connect, are welcomed and hold their sockets', async () => {
    const result = await load('idle', { SOCKETS: 200, CONNECT_RATE: 200, HOLD_S: 2 });
    expectPassed(result);
    expect(counter(result, 'sapa_welcomed')).toBe(200);
    expect(result.trends['sapa_connect_ms']?.count).toBe(200);
  }, 120_000);

  it('chat: every message reaches its agent and every answer its visitor, once', async () => {
    const result = await load('chat', {
      VISITORS: 10,
      MESSAGES: 4,
      INTERVAL_MS: 300,
      DRAIN_S: 15,
    });
    expectPassed(result);
    // 10 visitors x 4 messages, each delivered to the owning agent and answered.
    expect(counter(result, 'sapa_msgs_delivered')).toBe(80);
    expect(result.trends['sapa_v2a_ms']?.count).toBe(40);
    expect(result.trends['sapa_a2v_ms']?.count).toBe(40);
  }, 120_000);

  it('churn: visitors arrive and leave', async () => {
    const result = await load('churn', {
      MODE: 'pageviews',
      SOCKETS: 50,
      DURATION_S: 6,
      VIEW_MIN_S: 1,
      VIEW_MAX_S: 2,
    });
    expectPassed(result);
    expect(counter(result, 'sapa_page_views')).toBeGreaterThan(50);
  }, 120_000);

  it('storm: every visitor is back after a gateway restart', async () => {
    const pid = stack.gateway.pid;
    const baseline = pid === undefined ? undefined : await sampleProcess(pid, 0);
    if (!baseline) throw new Error('gateway is not running');
    const sockets = 150;
    const [result, storm] = await Promise.all([
      load(
        'churn',
        { MODE: 'storm', SOCKETS: sockets, DURATION_S: 25, EXPECT_RECONNECTS: sockets },
        'storm',
      ),
      restartWhenHeld(stack.gateway, {
        sockets,
        baseFds: baseline.fds,
        connectDeadlineMs: 20_000,
        reconnectDeadlineMs: 20_000,
      }),
    ]);
    expect(storm.restarted).toBe(true);
    expect(storm.reconnectS).toBeGreaterThanOrEqual(0);
    expectPassed(result);
    expect(counter(result, 'sapa_reconnected')).toBe(sockets);
  }, 120_000);

  it('fanout: one visitor, 50 agent sockets, every message to every socket once', async () => {
    const result = await load('fanout', { SUBSCRIBERS: 50, RATE: 10, DURATION_S: 2 });
    expectPassed(result);
    expect(counter(result, 'sapa_msgs_delivered')).toBe(50 * 20);
  }, 120_000);

  it('the Socket.IO comparison runs (idle and fanout)', async () => {
    const server = await startSocketIoServer(0);
    try {
      const url = `ws://127.0.0.1:${server.port}`;
      const idle = await load(
        'socketio',
        { MODE: 'idle', SOCKETS: 100, HOLD_S: 1 },
        'sio-idle',
        url,
      );
      expectPassed(idle);
      expect(counter(idle, 'sapa_welcomed')).toBe(100);
      const fanout = await load(
        'socketio',
        { MODE: 'fanout', SUBSCRIBERS: 50, RATE: 10, DURATION_S: 2 },
        'sio-fanout',
        url,
      );
      expectPassed(fanout);
      expect(counter(fanout, 'sapa_msgs_delivered')).toBe(50 * 20);
    } finally {
      await server.close();
    }
  }, 120_000);
});
