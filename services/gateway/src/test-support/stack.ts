import { randomBytes } from 'node:crypto';
import { Bus } from '@sapa/bus';
import type { AgentPublic, AgentRole, SitePublic } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import {
  deleteRedisKeys,
  freePort,
  loginAgent,
  startNats,
  startService,
  testInfra,
  uniqueName,
  type RunningService,
  type TestServer,
} from '@sapa/testkit';

export interface Stack {
  readonly httpUrl: string;
  readonly wsUrl: string;
  readonly origin: string;
  readonly nats: TestServer;
  readonly bus: Bus;
  readonly services: Readonly<
    Record<'directory' | 'chat' | 'presence' | 'gateway', RunningService>
  >;
  createSite(name: string, allowedOrigins: string[]): Promise<SitePublic>;
  createAgent(
    siteId: string,
    name: string,
    role?: AgentRole,
  ): Promise<{ agent: AgentPublic; token: string }>;
  /** Starts one more gateway on the same NATS, store and Redis (same secret); returns its ws URL. */
  startGateway(): Promise<{ service: RunningService; wsUrl: string }>;
  /** Deletes presence's keys (as if its Redis restarted empty); returns how many. */
  wipePresenceState(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Every Sapa service as its own process, built from dist/, on a NATS of its own (so the
 * durable consumers of one test file never meet another's) and a fresh database.
 * `overrides` go to the gateway's environment, `presenceEnv` to presence's (e.g. a short
 * sweep interval for SLA tests), `everyEnv` to every service's (e.g. the trace exporter's).
 */
export async function startStack(
  overrides: Record<string, string> = {},
  presenceEnv: Record<string, string> = {},
  everyEnv: Record<string, string> = {},
): Promise<Stack> {
  const infra = testInfra();
  const nats = await startNats({ jetstream: true });
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const env = {
    NATS_URL: nats.url,
    MONGO_URL: infra.mongoUrl,
    MONGO_DB: uniqueName('e2e'),
    REDIS_URL: infra.redisUrl,
    OUTBOX_INTERVAL_MS: '200',
    OUTBOX_GRACE_MS: '500',
    ...everyEnv,
  };
  const presencePrefix = uniqueName('sapa-presence');
  const [directory, chat, presence] = await Promise.all([
    startService({ name: 'directory', env }),
    startService({ name: 'chat', env }),
    // Its own key prefix: routing state of one test file never meets another's in the shared Redis.
    startService({
      name: 'presence',
      env: { ...env, PRESENCE_KEY_PREFIX: presencePrefix, ...presenceEnv },
    }),
  ]);
  const gatewayEnv = { ...env, PUBLIC_URL: origin, JWT_SECRET: randomBytes(32).toString('hex') };
  const gateway = await startService({
    name: 'gateway',
    env: { ...gatewayEnv, PORT: String(port), ...overrides },
  });
  const moreGateways: RunningService[] = [];
  const bus = await Bus.connect({
    servers: nats.url,
    name: 'e2e-test',
    logger: createLogger('e2e-test', 'warn'),
  });
  const httpUrl = `http://127.0.0.1:${port}`;

  return {
    httpUrl,
    wsUrl: `ws://127.0.0.1:${port}`,
    origin,
    nats,
    bus,
    services: { directory, chat, presence, gateway },
    async createSite(name, allowedOrigins) {
      const { site } = await bus.request('directory.create-site', {
        name,
        allowedOrigins,
        timeZone: 'Asia/Makassar',
      });
      return site;
    },
    async createAgent(siteId, name, role = 'agent') {
      const email = `${uniqueName('agent')}@example.org`;
      const password = randomBytes(12).toString('hex');
      const { agent } = await bus.request('directory.create-agent', {
        siteId,
        name,
        email,
        password,
        role,
      });
      const { token } = await loginAgent(httpUrl, { email, password }, origin);
      return { agent, token };
    },
    async startGateway() {
      const morePort = await freePort();
      const service = await startService({
        name: 'gateway',
        env: { ...gatewayEnv, PORT: String(morePort), ...overrides },
      });
      moreGateways.push(service);
      return { service, wsUrl: `ws://127.0.0.1:${morePort}` };
    },
    wipePresenceState: () => deleteRedisKeys(infra.redisUrl, `${presencePrefix}:`),
    async stop() {
      await bus.drain();
      const services = [gateway, ...moreGateways, chat, presence, directory];
      await Promise.all(services.map((service) => service.stop()));
      await nats.dispose();
    },
  };
}
