import { startContainer, useDocker } from './containers.js';
import { mongoAnswers, startFerretDb } from './ferretdb-server.js';
import type { TestInfra, TestServer } from './index.js';
import { natsAnswers, startNats } from './nats-server.js';
import { redisAnswers, startRedis } from './redis-server.js';
import { waitFor } from './wait-for.js';

/** Environment variables that carry the shared servers' URLs to the test workers. */
export const infraEnv = {
  natsUrl: 'SAPA_TEST_NATS_URL',
  redisUrl: 'SAPA_TEST_REDIS_URL',
  mongoUrl: 'SAPA_TEST_MONGO_URL',
} as const satisfies Record<keyof TestInfra, string>;

type InfraKey = keyof typeof infraEnv;

/**
 * URLs of the servers shared by this test run: those the jest global setup started, or those
 * named by SAPA_TEST_NATS_URL / SAPA_TEST_REDIS_URL / SAPA_TEST_MONGO_URL. Throws a clear error
 * when they are absent (a test file run outside the int/e2e jest projects).
 */
export function testInfra(): TestInfra {
  const missing = Object.values(infraEnv).filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(
      `testInfra(): ${missing.join(', ')} not set. Int and e2e tests get them from the testkit's jest ` +
        'global setup: run them with `npm run test:int` / `npm run test:e2e` (jest --selectProjects int|e2e), ' +
        'or set the variables to running servers (any real NATS with JetStream, Redis, MongoDB).',
    );
  }
  return {
    natsUrl: process.env[infraEnv.natsUrl] ?? '',
    redisUrl: process.env[infraEnv.redisUrl] ?? '',
    mongoUrl: process.env[infraEnv.mongoUrl] ?? '',
  };
}

const probes: Record<InfraKey, (url: string) => Promise<boolean>> = {
  natsUrl: natsAnswers,
  redisUrl: redisAnswers,
  mongoUrl: mongoAnswers,
};

const starters: Record<InfraKey, () => Promise<TestServer>> = {
  natsUrl: () => startNats({ jetstream: true }),
  redisUrl: () => startRedis(),
  // With Docker the shared store is a real MongoDB; otherwise FerretDB.
  mongoUrl: () =>
    useDocker()
      ? startContainer({
          image: 'mongo:7',
          containerPort: 27017,
          url: (host, port) => `mongodb://${host}:${port}/`,
          ready: mongoAnswers,
        })
      : startFerretDb(),
};

interface SharedInfra {
  users: number;
  readonly servers: TestServer[];
  readonly envSet: string[];
}

// Global setup and teardown run in the same process (jest's parent); when both the int and
// e2e projects run, setup runs twice and must share one set of servers.
const sharedKey = Symbol.for('sapa.testkit.sharedInfra');
type Holder = { [sharedKey]?: SharedInfra };

/**
 * Starts one NATS (JetStream), one Redis and one MongoDB-protocol server for the whole test
 * run, skipping any whose URL is already in the environment (those are checked to answer), and
 * publishes their URLs in process.env for the workers. If any fails, those already started are
 * stopped before the error is thrown.
 */
export async function startSharedInfra(): Promise<void> {
  const holder = globalThis as Holder;
  const existing = holder[sharedKey];
  if (existing) {
    existing.users += 1;
    return;
  }
  const keys = Object.keys(infraEnv) as InfraKey[];
  const results = await Promise.allSettled(
    keys.map(async (key) => {
      const given = process.env[infraEnv[key]];
      if (given) {
        await waitFor(() => probes[key](given), {
          timeoutMs: 15_000,
          description: `${infraEnv[key]}=${given} to answer`,
        });
        return undefined;
      }
      return starters[key]();
    }),
  );
  const servers = results.flatMap((result) =>
    result.status === 'fulfilled' && result.value ? [result.value] : [],
  );
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    await Promise.allSettled(servers.map((server) => server.dispose()));
    const messages = failures.map((reason) =>
      reason instanceof Error ? reason.message : String(reason),
    );
    throw new Error(`testkit: could not start the shared test servers:\n${messages.join('\n\n')}`);
  }
  const envSet: string[] = [];
  keys.forEach((key, index) => {
    const result = results[index];
    if (result?.status === 'fulfilled' && result.value) {
      process.env[infraEnv[key]] = result.value.url;
      envSet.push(infraEnv[key]);
    }
  });
  holder[sharedKey] = { users: 1, servers, envSet };
}

/** Stops the shared servers once the last user (jest project) is done with them. */
export async function stopSharedInfra(): Promise<void> {
  const holder = globalThis as Holder;
  const shared = holder[sharedKey];
  if (!shared) return;
  shared.users -= 1;
  if (shared.users > 0) return;
  delete holder[sharedKey];
  for (const name of shared.envSet) delete process.env[name];
  const results = await Promise.allSettled(shared.servers.map((server) => server.dispose()));
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length > 0) {
    throw new Error(
      `testkit: could not stop every shared test server: ${failures.map(String).join('; ')}`,
    );
  }
}
