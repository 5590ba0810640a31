/**
 * @sapa/testkit: real servers for Sapa's tests.
 *
 * - `startNats(options?)`   nats-server with JetStream on a free port, own store dir.
 * - `startRedis()`          redis-server on a free port, nothing on disk.
 * - `startKafka()`           a Kafka-protocol broker (kfake) on a free port, log in memory.
 * - `startJaeger()`          Jaeger v2 on free ports (OTLP/HTTP in, query API out), spans in memory;
 *                           `promtool(args)` runs Prometheus's checker.
 * - `startFerretDb(options?)` FerretDB on a free port; backend: the local PostgreSQL
 *                             (a fresh database) when reachable, else SQLite in a temp dir.
 * Each returns a `TestServer` that can be stopped, SIGKILLed and restarted on the SAME port
 * (and the same data dir), so fault tests can cut a server mid-test.
 *
 * - `testInfra()`           URLs of the shared servers that the jest global setup started
 *                           for this run (or that the environment named: SAPA_TEST_NATS_URL,
 *                           SAPA_TEST_REDIS_URL, SAPA_TEST_MONGO_URL).
 * - `uniqueName(prefix)`    a fresh name for databases, streams, subjects in one test.
 * - `startService(...)`     spawns a built service (`services/<name>/dist/main.js`) with an
 *                           environment, waits for its /ready, and can SIGKILL/restart it.
 * - `waitFor(check)`        polls a condition until a deadline (tests never sleep to sync).
 * - `freePort()`            a free TCP port on 127.0.0.1.
 * - `launchBrowser()`       headless Debian chromium (playwright-core) for the browser tests of
 *                           the widget and the dashboard; `SAPA_CHROMIUM` names another binary.
 */
export interface TestServer {
  /** Connection URL, e.g. nats://127.0.0.1:41234, redis://127.0.0.1:41235, mongodb://127.0.0.1:41236/ */
  readonly url: string;
  readonly port: number;
  /** Graceful stop (SIGTERM, wait for exit). Data dir is kept until `dispose`. */
  stop(): Promise<void>;
  /** SIGKILL, wait for exit. */
  kill(): Promise<void>;
  /** Start again on the same port with the same data; resolves when it accepts connections. */
  restart(): Promise<void>;
  /** Stop and delete its data. */
  dispose(): Promise<void>;
}

export interface TestInfra {
  readonly natsUrl: string;
  readonly redisUrl: string;
  readonly mongoUrl: string;
}

export interface RunningService {
  readonly name: string;
  readonly healthPort: number;
  /** The OS process id while it runs. */
  readonly pid: () => number | undefined;
  /** Lines the process wrote to stdout/stderr so far (JSON logs). */
  readonly output: () => string;
  stop(): Promise<void>;
  kill(): Promise<void>;
  restart(): Promise<void>;
}

export { startNats } from './nats-server.js';
export { startRedis } from './redis-server.js';
export { startFerretDb } from './ferretdb-server.js';
export { startKafka } from './kafka-server.js';
export { startJaeger, promtool, type TestJaeger } from './jaeger-server.js';
export { testInfra } from './infra.js';
export { uniqueName } from './unique-name.js';
export { startService } from './service-process.js';
export { waitFor, type WaitForOptions } from './wait-for.js';
export { deleteRedisKeys } from './redis-keys.js';
export { freePort } from './free-port.js';
export { loginAgent } from './agent-login.js';
export { deciderSpec } from './decider-spec.js';
export { launchBrowser, CHROMIUM_PATH } from './browser.js';
