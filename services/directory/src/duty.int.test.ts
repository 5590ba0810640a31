import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db, MongoClient } from 'mongodb';
import type { Bus } from '@sapa/bus';
import {
  ConflictError,
  ValidationError,
  dutyChangedSubject,
  type DutySettingsInput,
} from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, waitFor, type TestServer } from '@sapa/testkit';
import { createDirectoryHandlers, serveDirectory } from './directory.handlers.js';
import { startDirectoryInfra, stopDirectoryInfra } from './directory.test-support.js';
import { DirectoryStore } from './directory.store.js';
import { createDutyHandlers, serveDuty } from './duty.handlers.js';
import { DutyStore } from './duty.store.js';

// Duty settings and swaps over real NATS and FerretDB/MongoDB; own nats-server because the
// directory subjects are fixed names.
const logger = createLogger('duty-int-test', 'silent');
let nats: TestServer;
let mongo: MongoClient;
let bus: Bus;
let db: Db;
const servers: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  ({ nats, mongo, bus } = await startDirectoryInfra('duty-int-test', logger));
  db = mongo.db(uniqueName('duty'));
  const store = await DirectoryStore.open(db);
  servers.push(serveDirectory(bus, await createDirectoryHandlers({ store, logger })));
  servers.push(
    serveDuty(
      bus,
      createDutyHandlers({
        sites: store,
        duty: DutyStore.open(db),
        publish: (subject, payload) => bus.publish(subject, payload),
        logger,
      }),
    ),
  );
});

afterAll(async () => {
  for (const server of servers) await server.stop();
  await db?.dropDatabase();
  await stopDirectoryInfra({ nats, mongo, bus });
});

/** The agency of the seeds: WITA, Mon–Thu 08:00–16:00, Fri 08:00–11:30, two operators a day. */
const OFFICE = [{ start: '08:00', end: '16:00' }];
const agencyDuty: DutySettingsInput = {
  timeZone: 'Asia/Makassar',
  hours: {
    weekly: {
      mon: OFFICE,
      tue: OFFICE,
      wed: OFFICE,
      thu: OFFICE,
      fri: [{ start: '08:00', end: '11:30' }],
    },
  },
  departments: [{ departmentId: 'sales', name: 'Sales' }],
  agents: [{ agentId: 'ayu', departmentIds: ['sales'], maxChats: 3 }],
  roster: [
    { weekday: 'mon', start: '08:00', end: '16:00', agentIds: ['ayu', 'budi'] },
    { weekday: 'tue', start: '08:00', end: '16:00', agentIds: ['citra', 'dewi'] },
  ],
};

async function newSite(): Promise<string> {
  const { site } = await bus.request('directory.create-site', {
    name: uniqueName('Agency'),
    allowedOrigins: ['http://localhost:8080'],
    timeZone: 'Asia/Makassar',
  });
  return site.siteId;
}

describe('duty settings', () => {
  it('gives defaults, saves settings, and announces the change', async () => {
    const siteId = await newSite();
    const first = await bus.request('directory.get-duty', { siteId });
    expect(first.duty).toMatchObject({
      timeZone: 'Asia/Makassar',
      slaSeconds: 60,
      routing: 'ring-all',
      roster: [],
      swaps: [],
    });

    const announced: unknown[] = [];
    const subscription = bus.subscribe(dutyChangedSubject(siteId), (payload) =>
      announced.push(payload),
    );
    await bus.connection.flush();
    const saved = await bus.request('directory.update-duty', { siteId, duty: agencyDuty });
    expect(saved.duty).toMatchObject({
      timeZone: 'Asia/Makassar',
      departments: [{ departmentId: 'sales', routing: 'ring-all' }],
    });
    expect((await bus.request('directory.get-duty', { siteId })).duty).toEqual(saved.duty);
    await waitFor(() => announced.length === 1);
    expect(announced).toEqual([{ siteId }]);
    subscription.unsubscribe();
  });

  it('refuses an unknown zone and dangling department references', async () => {
    const siteId = await newSite();
    await expect(
      bus.request('directory.update-duty', {
        siteId,
        duty: { ...agencyDuty, timeZone: 'Mars/Olympus' },
      }),
    ).rejects.toBeInstanceOf(ValidationError);
    await expect(
      bus.request('directory.update-duty', {
        siteId,
        duty: { ...agencyDuty, agents: [{ agentId: 'ayu', departmentIds: ['nope'] }] },
      }),
    ).rejects.toThrow(/no department nope/);
  });
});

describe('shift swaps', () => {
  it('files a swap as requested, and only a decision approves it, once', async () => {
    const siteId = await newSite();
    await bus.request('directory.update-duty', { siteId, duty: agencyDuty });
    const { swap } = await bus.request('directory.request-swap', {
      siteId,
      requestedBy: 'ayu',
      date: '2026-11-23',
      fromAgentId: 'ayu',
      toAgentId: 'citra',
    });
    expect(swap).toMatchObject({ status: 'requested', fromAgentId: 'ayu', toAgentId: 'citra' });
    expect((await bus.request('directory.get-duty', { siteId })).duty.swaps).toEqual([swap]);

    const decided = await bus.request('directory.decide-swap', {
      siteId,
      swapId: swap.swapId,
      approve: true,
      decidedBy: 'sari',
    });
    expect(decided.swap).toMatchObject({ status: 'approved', decidedBy: 'sari' });
    await expect(
      bus.request('directory.decide-swap', {
        siteId,
        swapId: swap.swapId,
        approve: false,
        decidedBy: 'other',
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    // Saving the settings again keeps the swaps on file.
    await bus.request('directory.update-duty', { siteId, duty: agencyDuty });
    expect((await bus.request('directory.get-duty', { siteId })).duty.swaps).toEqual([
      decided.swap,
    ]);
  });

  it('refuses a swap of a shift the agent does not have', async () => {
    const siteId = await newSite();
    await bus.request('directory.update-duty', { siteId, duty: agencyDuty });
    await expect(
      bus.request('directory.request-swap', {
        siteId,
        requestedBy: 'ayu',
        date: '2026-11-24',
        fromAgentId: 'ayu',
        toAgentId: 'citra',
      }),
    ).rejects.toThrow(/ayu has no shift on 2026-11-24/);
  });
});
