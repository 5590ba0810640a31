import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Bus } from '@sapa/bus';
import { AgentPresence, presenceChangedSubject } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import {
  startNats,
  startService,
  testInfra,
  uniqueName,
  waitFor,
  type RunningService,
  type TestServer,
} from '@sapa/testkit';

// The built service (services/presence/dist/main.js) as its own process, driven over NATS
// like the gateway drives it. It gets a NATS server of its own (RPC subjects are fixed, so
// another test's presence process must not answer here) and a fresh key prefix in Redis.

const logger = createLogger('presence-e2e', 'silent');
let nats: TestServer;
let client: Bus;
const services: RunningService[] = [];

beforeAll(async () => {
  // JetStream: presence consumes conversation events to route chats.
  nats = await startNats({ jetstream: true });
  client = await Bus.connect({ servers: nats.url, name: uniqueName('client'), logger });
});

afterAll(async () => {
  await Promise.allSettled(services.map((service) => service.stop()));
  await client.drain();
  await nats.dispose();
});

async function startPresence(env: Record<string, string> = {}): Promise<RunningService> {
  const service = await startService({
    name: 'presence',
    env: {
      NATS_URL: nats.url,
      REDIS_URL: testInfra().redisUrl,
      PRESENCE_KEY_PREFIX: uniqueName('presence'),
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  services.push(service);
  return service;
}

describe('presence service process', () => {
  it('answers over NATS, announces changes and lapses, and stops gracefully', async () => {
    const service = await startPresence({
      PRESENCE_TTL_MS: '500',
      PRESENCE_SWEEP_INTERVAL_MS: '100',
    });
    const siteId = uniqueName('site');
    const seen: AgentPresence[] = [];
    const subscription = client.subscribe(presenceChangedSubject(siteId), (payload) => {
      seen.push(AgentPresence.parse(payload));
    });
    await client.connection.flush();

    const { agent } = await client.request('presence.agent-heartbeat', {
      siteId,
      agentId: 'agent-1',
      agentName: 'Ayu',
      connectionId: 'conn-1',
    });
    expect(agent).toMatchObject({ status: 'online', connections: 1 });
    expect(await client.request('presence.site-availability', { siteId })).toEqual({
      siteId,
      online: true,
      agentsOnline: 1,
      departments: [],
    });

    // No more heartbeats: the service's own sweeper announces the agent offline.
    await waitFor(() => seen.some((change) => change.status === 'offline'), {
      timeoutMs: 10_000,
      description: 'the lapse to be announced',
    });
    expect(seen.map((change) => change.status)).toEqual(['online', 'offline']);
    expect((await client.request('presence.online-agents', { siteId })).agents).toEqual([]);
    subscription.unsubscribe();

    const response = await fetch(`http://127.0.0.1:${service.healthPort}/ready`);
    expect(response.status).toBe(200);
    await service.stop();
    expect(service.output()).toContain('"msg":"stopped"');
  });

  it('keeps presence in Redis across a crash of the process', async () => {
    const service = await startPresence({ PRESENCE_TTL_MS: '30000' });
    const siteId = uniqueName('site');
    await client.request('presence.agent-heartbeat', {
      siteId,
      agentId: 'agent-1',
      agentName: 'Ayu',
      connectionId: 'conn-1',
    });
    await client.request('presence.set-agent-status', {
      siteId,
      agentId: 'agent-1',
      status: 'away',
    });

    await service.kill();
    await service.restart();

    expect((await client.request('presence.online-agents', { siteId })).agents).toEqual([
      expect.objectContaining({ agentId: 'agent-1', status: 'away', connections: 1 }),
    ]);
  });
});
