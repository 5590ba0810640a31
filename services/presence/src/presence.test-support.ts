/**
 * Shared by presence's int tests only (excluded from the build). Presence's RPC subjects are
 * fixed by the contract (`sapa.v1.rpc.presence.*`), so each test file starts a nats-server of
 * its own: no other file's presence replica can answer its requests.
 */
import { Bus } from '@sapa/bus';
import { DutySettings } from '@sapa/contracts';
import type { Logger } from '@sapa/platform';
import { startNats, testInfra, uniqueName, type TestServer } from '@sapa/testkit';
import { Redis, type RedisOptions } from 'ioredis';
import type { DutySource } from './duty/duty.cache.js';
import type { PresenceServer } from './presence.handlers.js';

/** A test file's own NATS and a connected Redis client. */
export interface PresenceInfra {
  readonly nats: TestServer;
  readonly redis: Redis;
}

/** Starts NATS and connects to Redis (the shared test Redis unless `redisUrl` names another). */
export async function startPresenceInfra(
  options: { redisUrl?: string; redis?: RedisOptions } = {},
): Promise<PresenceInfra> {
  const nats = await startNats({ jetstream: false });
  const redis = new Redis(options.redisUrl ?? testInfra().redisUrl, {
    lazyConnect: true,
    ...options.redis,
  });
  await redis.connect();
  return { nats, redis };
}

/** A bus on the file's NATS, named `<name>-<unique>`. */
export const connectTestBus = (nats: TestServer, name: string, logger: Logger): Promise<Bus> =>
  Bus.connect({ servers: nats.url, name: uniqueName(name), logger });

/** One presence replica: its bus and what it serves on it. */
export interface PresenceReplica {
  readonly bus: Bus;
  readonly server: PresenceServer;
}

/** `count` replicas on the file's NATS, each serving `serve(bus)` on a bus of its own. */
export async function startReplicas(
  nats: TestServer,
  count: number,
  logger: Logger,
  serve: (bus: Bus) => PresenceServer,
): Promise<PresenceReplica[]> {
  const replicas: PresenceReplica[] = [];
  for (let index = 0; index < count; index += 1) {
    const bus = await connectTestBus(nats, 'replica', logger);
    replicas.push({ bus, server: serve(bus) });
  }
  return replicas;
}

/** Stops each replica's server, then drains its bus. */
export async function stopReplicas(replicas: readonly PresenceReplica[]): Promise<void> {
  for (const { bus, server } of replicas) {
    await server.stop();
    await bus.drain();
  }
}

/** Closes what startPresenceInfra opened (either may be missing when start-up failed). */
export async function stopPresenceInfra(infra: Partial<PresenceInfra>): Promise<void> {
  await infra.redis?.quit();
  await infra.nats?.dispose();
}

/**
 * Duty settings per site id, served in-process (the directory's part is tested in
 * services/directory); a site with none gets the defaults.
 */
export function inProcessDuty(): { duties: Map<string, DutySettings>; source: DutySource } {
  const duties = new Map<string, DutySettings>();
  return {
    duties,
    source: { get: (siteId) => Promise.resolve(duties.get(siteId) ?? DutySettings.parse({})) },
  };
}
