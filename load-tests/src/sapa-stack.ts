import { randomBytes } from 'node:crypto';
import { Bus } from '@sapa/bus';
import { createLogger } from '@sapa/platform';
import {
  freePort,
  loginAgent,
  startFerretDb,
  startNats,
  startRedis,
  startService,
  uniqueName,
  type RunningService,
  type TestServer,
} from '@sapa/testkit';
import { GatewayProcess } from './gateway-process.js';
import type { RunConfig } from './loadgen/plan.js';

/** What the load generator needs to talk to the stack (defined with the generator's plan). */
export type { RunConfig } from './loadgen/plan.js';

export interface SapaStackOptions {
  readonly repoRoot: string;
  /** Use these servers instead of starting fresh ones (the smoke test passes its shared ones). */
  readonly natsUrl?: string;
  readonly redisUrl?: string;
  readonly mongoUrl?: string;
  /** Agents of the bench site (each gets a login token). */
  readonly agents: number;
  /** Extra gateway settings (limits raised for the run). */
  readonly gatewayEnv?: Record<string, string>;
  readonly gatewayNodeFlags?: readonly string[];
  /** Where the gateway's own output goes too (GC traces). */
  readonly gatewayLogFile?: string;
}

export interface SapaStack {
  readonly config: RunConfig;
  readonly gateway: GatewayProcess;
  readonly services: readonly RunningService[];
  stop(): Promise<void>;
}

/**
 * Gateway limits for a load run: every client is on 127.0.0.1, so the per-IP limits (meant for
 * one browser or one NAT) would throttle the whole load generator. Per-socket limits are raised
 * for the agents, who answer many visitors each.
 */
export const BENCH_GATEWAY_LIMITS: Readonly<Record<string, string>> = {
  IP_CONNECT_RATE_PER_S: '1000000',
  IP_CONNECT_BURST: '1000000',
  IP_RATE_PER_S: '1000000',
  IP_RATE_BURST: '1000000',
  SOCKET_RATE_PER_S: '10000',
  SOCKET_RATE_BURST: '10000',
  LOGIN_RATE_PER_MIN: '100000',
};

/**
 * Starts NATS, Redis and FerretDB (unless URLs are given), every Sapa service, and a site with
 * `agents` logged-in agents whose origin is the gateway's own.
 */
// eslint-disable-next-line max-lines-per-function -- kept whole for now: one setup sequence; to split
export async function startSapaStack(options: SapaStackOptions): Promise<SapaStack> {
  const owned: TestServer[] = [];
  const own = async (start: () => Promise<TestServer>): Promise<string> => {
    const server = await start();
    owned.push(server);
    return server.url;
  };
  const [natsUrl, redisUrl, mongoUrl] = await Promise.all([
    options.natsUrl ?? own(() => startNats({ jetstream: true })),
    options.redisUrl ?? own(() => startRedis()),
    options.mongoUrl ?? own(() => startFerretDb()),
  ]);
  const env = {
    NATS_URL: natsUrl,
    REDIS_URL: redisUrl,
    MONGO_URL: mongoUrl,
    MONGO_DB: uniqueName('bench'),
  };
  const services = await Promise.all(
    ['directory', 'chat', 'presence'].map((name) => startService({ name, env })),
  );
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const gateway = new GatewayProcess({
    repoRoot: options.repoRoot,
    healthPort: await freePort(),
    nodeFlags: options.gatewayNodeFlags ?? [],
    ...(options.gatewayLogFile ? { logFile: options.gatewayLogFile } : {}),
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: origin,
      JWT_SECRET: randomBytes(32).toString('hex'),
      ...BENCH_GATEWAY_LIMITS,
      ...options.gatewayEnv,
    },
  });
  await gateway.start();

  const bus = await Bus.connect({
    servers: natsUrl,
    name: 'bench',
    logger: createLogger('bench', 'warn'),
  });
  try {
    const { site } = await bus.request('directory.create-site', {
      name: uniqueName('Bench School'),
      allowedOrigins: [origin],
      timeZone: 'Asia/Makassar',
    });
    const agents = [];
    for (let i = 0; i < options.agents; i++) {
      const email = `${uniqueName('agent')}@bench.example`;
      const password = randomBytes(12).toString('hex');
      await bus.request('directory.create-agent', {
        siteId: site.siteId,
        name: `Agent ${i + 1}`,
        email,
        password,
        role: 'agent',
      });
      agents.push(await login(`http://127.0.0.1:${port}`, origin, email, password));
    }
    const config: RunConfig = {
      wsUrl: `ws://127.0.0.1:${port}`,
      origin,
      siteKey: site.siteKey,
      agents,
    };
    return {
      config,
      gateway,
      services,
      async stop() {
        await gateway.stop();
        await Promise.all(services.map((service) => service.stop()));
        await Promise.all(owned.map((server) => server.dispose()));
      },
    };
  } finally {
    await bus.drain();
  }
}

const login = (httpUrl: string, origin: string, email: string, password: string) =>
  loginAgent(httpUrl, { email, password }, origin);
