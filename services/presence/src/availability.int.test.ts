import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Bus } from '@sapa/bus';
import {
  AvailabilityChanged,
  DutySettings,
  availabilitySubject,
  type DutySettingsInput,
} from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import type { Redis } from 'ioredis';
import { servePresence } from './presence.handlers.js';
import { PresenceStore } from './presence.store.js';
import {
  connectTestBus,
  inProcessDuty,
  startPresenceInfra,
  stopPresenceInfra,
  stopReplicas,
  startReplicas,
  type PresenceReplica,
} from './presence.test-support.js';

// Availability = hours × roster × presence × limits, over real NATS and Redis, with two
// presence replicas. Duty settings come from an in-process source (the directory's part is
// tested in services/directory); each site id picks its own settings.

const logger = createLogger('availability-test', 'silent');
const ALL_WEEK = { start: '00:00', end: '24:00' };
const { duties, source: dutySource } = inProcessDuty();

let nats: TestServer;
let redis: Redis;
let client: Bus;
let replicas: PresenceReplica[] = [];

beforeAll(async () => {
  ({ nats, redis } = await startPresenceInfra());
  client = await connectTestBus(nats, 'client', logger);
  const keyPrefix = uniqueName('availability');
  replicas = await startReplicas(nats, 2, logger, (bus) => {
    const store = new PresenceStore(redis, { leaseTtlMs: 5_000, keyTtlMs: 20_000, keyPrefix });
    return servePresence({ bus, store, logger, duty: dutySource });
  });
});

afterAll(async () => {
  await stopReplicas(replicas);
  await client.drain();
  await stopPresenceInfra({ nats, redis });
});

function site(duty: DutySettingsInput): string {
  const siteId = uniqueName('site');
  duties.set(siteId, DutySettings.parse(duty));
  return siteId;
}

const heartbeat = (siteId: string, agentId: string) =>
  client.request('presence.agent-heartbeat', {
    siteId,
    agentId,
    agentName: agentId,
    connectionId: `${agentId}-c`,
  });

async function watch(siteId: string) {
  const seen: AvailabilityChanged[] = [];
  const subscription = client.subscribe(availabilitySubject(siteId), (payload) => {
    seen.push(AvailabilityChanged.parse(payload));
  });
  await client.connection.flush();
  return { seen, stop: () => subscription.unsubscribe() };
}

describe('availability', () => {
  it('is offline outside the hours even with an agent online, and says when it opens', async () => {
    const siteId = site({ timeZone: 'Asia/Makassar', hours: { weekly: {} } });
    await heartbeat(siteId, 'ayu');
    const detail = await client.request('presence.availability', { siteId });
    expect(detail).toMatchObject({ online: false, insideHours: false, eligibleAgents: 1 });
    expect(detail.nextOpening).toBeUndefined();
    expect(await client.request('presence.site-availability', { siteId })).toEqual({
      siteId,
      online: false,
      agentsOnline: 1,
      departments: [],
    });
  });

  it('counts only agents on duty and under their limit, per department', async () => {
    const weekday =
      (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date().getUTCDay()] ?? 'mon';
    const siteId = site({
      timeZone: 'UTC',
      hours: { weekly: { [weekday]: [ALL_WEEK] } },
      departments: [
        { departmentId: 'sales', name: 'Sales' },
        { departmentId: 'support', name: 'Support' },
      ],
      agents: [
        { agentId: 'ayu', departmentIds: ['sales'] },
        { agentId: 'budi', departmentIds: ['support'] },
      ],
      roster: [{ weekday, start: '00:00', end: '24:00', agentIds: ['ayu'] }],
    });
    await heartbeat(siteId, 'ayu');
    await heartbeat(siteId, 'budi');
    const detail = await client.request('presence.availability', { siteId });
    expect(detail).toMatchObject({
      online: true,
      insideHours: true,
      eligibleAgents: 1,
      departments: { sales: true, support: false },
    });
  });

  it('two replicas agree, and each change is announced once', async () => {
    const siteId = site({});
    const changes = await watch(siteId);
    await heartbeat(siteId, 'ayu');
    await waitFor(() => changes.seen.length >= 1, { description: 'online announced' });
    const details = await Promise.all(
      replicas.map(({ server }) => server.availability.detail(siteId)),
    );
    expect(details[0]).toEqual(details[1]);
    expect(details[0]?.online).toBe(true);
    // Both replicas re-check; only the first to store the new value announces it.
    const announced = await Promise.all(
      replicas.map(({ server }) => server.availability.check(siteId)),
    );
    expect(announced).toEqual([false, false]);

    await client.request('presence.set-agent-status', { siteId, agentId: 'ayu', status: 'away' });
    await waitFor(() => changes.seen.length >= 2, { description: 'offline announced' });
    await Promise.all(replicas.map(({ server }) => server.availability.check(siteId)));
    await client.connection.flush();
    expect(changes.seen.map((change) => change.online)).toEqual([true, false]);
    changes.stop();
  });

  it('announces a change of the settings (hours closed) once re-checked', async () => {
    const siteId = site({});
    const changes = await watch(siteId);
    await heartbeat(siteId, 'ayu');
    await waitFor(() => changes.seen.length === 1);
    duties.set(siteId, DutySettings.parse({ hours: { weekly: {} } }));
    expect(await replicas[0]?.server.availability.check(siteId)).toBe(true);
    await waitFor(() => changes.seen.length === 2);
    expect(changes.seen.map((change) => change.online)).toEqual([true, false]);
    changes.stop();
  });
});
