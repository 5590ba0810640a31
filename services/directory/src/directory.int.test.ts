import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { Db, MongoClient } from 'mongodb';
import { decodeWireError, type Bus } from '@sapa/bus';
import {
  AgentPublic,
  ConflictError,
  SapaError,
  UnauthorizedError,
  ValidationError,
  rpcSubject,
  type RpcName,
  type WireError,
} from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, type TestServer } from '@sapa/testkit';
import { createDirectoryHandlers, serveDirectory } from './directory.handlers.js';
import { startDirectoryInfra, stopDirectoryInfra } from './directory.test-support.js';
import { DirectoryStore } from './directory.store.js';
import { CURRENT_PARAMS, hashPassword, parsePasswordHash } from './password.js';

// Directory subjects are fixed names, so this file has its own nats-server: a directory
// served by another test file (or service) on the shared one would answer our requests.
const logger = createLogger('directory-int-test', 'silent');
let nats: TestServer;
let mongo: MongoClient;
let bus: Bus;

let db: Db;
let store: DirectoryStore;
let server: { stop(): Promise<void> };

beforeAll(async () => {
  ({ nats, mongo, bus } = await startDirectoryInfra('directory-int-test', logger));
});

afterAll(async () => {
  await stopDirectoryInfra({ nats, mongo, bus });
});

beforeEach(async () => {
  db = mongo.db(uniqueName('directory'));
  store = await DirectoryStore.open(db);
  server = serveDirectory(bus, await createDirectoryHandlers({ store, logger }));
});

afterEach(async () => {
  await server.stop();
  await db.dropDatabase();
});

/** Sends a raw JSON payload, as any NATS client could, to test the service's own check. */
async function rawRequest(
  name: RpcName,
  payload: unknown,
): Promise<{ error?: WireError; body: string }> {
  const reply = await bus.connection.request(rpcSubject(name), JSON.stringify(payload), {
    timeout: 5_000,
  });
  const error = decodeWireError(reply.headers, reply.data);
  return error ? { error, body: reply.string() } : { body: reply.string() };
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<SapaError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(SapaError);
    return error as SapaError;
  }
  throw new Error('expected the request to fail, it succeeded');
}

const newSite = () =>
  bus.request('directory.create-site', {
    name: 'SMP Negeri 1',
    allowedOrigins: ['http://localhost:8080', 'https://SMPN1.sch.id:443'],
    timeZone: 'asia/makassar',
  });

const newAgent = (siteId: string, email: string, password = 'a-good-password-1') =>
  bus.request('directory.create-agent', {
    siteId,
    name: 'Budi',
    email,
    role: 'supervisor',
    password,
  });

describe('sites', () => {
  it('creates a site, then finds it by its public key and by its id', async () => {
    const { site } = await newSite();
    expect(site).toEqual({
      siteId: expect.any(String),
      siteKey: expect.any(String),
      name: 'SMP Negeri 1',
      allowedOrigins: ['http://localhost:8080', 'https://smpn1.sch.id'],
      timeZone: 'Asia/Makassar',
    });
    expect(site.siteKey).not.toEqual(site.siteId);
    await expect(
      bus.request('directory.get-site-by-key', { siteKey: site.siteKey }),
    ).resolves.toEqual({
      site,
    });
    await expect(bus.request('directory.get-site', { siteId: site.siteId })).resolves.toEqual({
      site,
    });
  });

  it('answers not_found for an unknown key or id, and never treats an id as a key', async () => {
    const { site } = await newSite();
    const byKey = await rejection(
      bus.request('directory.get-site-by-key', { siteKey: site.siteId }),
    );
    expect(byKey.code).toBe('not_found');
    const byId = await rejection(bus.request('directory.get-site', { siteId: site.siteKey }));
    expect(byId.code).toBe('not_found');
  });

  it('defaults the time zone to UTC', async () => {
    const { site } = await bus.request('directory.create-site', {
      name: 'Default zone',
      allowedOrigins: ['https://example.org'],
    });
    expect(site.timeZone).toBe('UTC');
  });

  it.each([
    ['a malformed origin', ['example.org']],
    ['an origin with a path', ['https://example.org/chat']],
    ['no origin at all', []],
  ])(
    'refuses %s, typed or raw, with validation_failed and stores nothing',
    async (_case, origins) => {
      const payload = { name: 'Refused', allowedOrigins: origins };
      // The service checks the contract on receipt; a typed caller gets its ValidationError back.
      const error = await rejection(bus.request('directory.create-site', payload));
      expect(error).toBeInstanceOf(ValidationError);
      const reply = await rawRequest('directory.create-site', payload);
      expect(reply.error?.code).toBe('validation_failed');
      expect(await db.collection('sites').countDocuments()).toBe(0);
    },
  );

  it.each([
    ['an unknown time zone', { timeZone: 'Mars/Olympus_Mons' }],
    ['an offset instead of a zone', { timeZone: '+08:00' }],
    ['an origin with an empty label', { allowedOrigins: ['https://example..org'] }],
    ['an origin with an impossible port', { allowedOrigins: ['https://example.org:99999'] }],
    ['an object where a string belongs', { name: { $ne: null } }],
  ])(
    'refuses %s in the service with validation_failed and stores nothing',
    async (_case, change) => {
      const reply = await rawRequest('directory.create-site', {
        name: 'Refused',
        allowedOrigins: ['https://ok.example'],
        ...change,
      });
      expect(reply.error?.code).toBe('validation_failed');
      expect(await db.collection('sites').countDocuments()).toBe(0);
    },
  );

  it('keeps site keys unique even when the key source repeats itself (10 parallel creations)', async () => {
    const sameKeyStore = await DirectoryStore.open(db, { newSiteKey: () => 'always-the-same-key' });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        sameKeyStore.createSite({
          name: `Site ${i}`,
          allowedOrigins: ['https://example.org'],
          timeZone: 'UTC',
        }),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const reason of lost) expect(reason).toBeInstanceOf(ConflictError);
    expect(await db.collection('sites').countDocuments({ siteKey: 'always-the-same-key' })).toBe(1);
  });
});

describe('agents', () => {
  it('creates an agent whose login returns its public record, never a hash', async () => {
    const { site } = await newSite();
    const { agent } = await newAgent(site.siteId, 'Budi.Santoso@Example.org');
    expect(agent).toEqual({
      agentId: expect.any(String),
      siteId: site.siteId,
      name: 'Budi',
      email: 'budi.santoso@example.org',
      role: 'supervisor',
    });

    const login = await rawRequest('directory.login', {
      email: 'BUDI.santoso@example.org',
      password: 'a-good-password-1',
    });
    expect(login.error).toBeUndefined();
    expect(JSON.parse(login.body)).toEqual({ agent });
    expect(AgentPublic.strict().safeParse(agent).success).toBe(true);
    expect(login.body).not.toMatch(/scrypt|hash|password/i);

    const stored = await db.collection('agents').findOne({ _id: agent.agentId as never });
    expect(stored?.['email']).toBe('budi.santoso@example.org');
    expect(String(stored?.['passwordHash'])).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(JSON.stringify(stored)).not.toContain('a-good-password-1');
  });

  it('answers a wrong password and an unknown e-mail with the same unauthorized error', async () => {
    const { site } = await newSite();
    await newAgent(site.siteId, 'siti@example.org');
    const wrongPassword = await rejection(
      bus.request('directory.login', { email: 'siti@example.org', password: 'not-her-password' }),
    );
    const unknownEmail = await rejection(
      bus.request('directory.login', {
        email: 'nobody@example.org',
        password: 'a-good-password-1',
      }),
    );
    expect(wrongPassword).toBeInstanceOf(UnauthorizedError);
    expect(unknownEmail).toBeInstanceOf(UnauthorizedError);
    expect(unknownEmail.toWire()).toEqual(wrongPassword.toWire());
    expect(wrongPassword.toWire()).toEqual({
      code: 'unauthorized',
      message: 'invalid e-mail or password',
    });
  });

  it('spends a key derivation on an unknown e-mail too, so timing does not tell them apart', async () => {
    const { site } = await newSite();
    await newAgent(site.siteId, 'timing@example.org');
    const time = async (email: string) => {
      const started = performance.now();
      await rejection(bus.request('directory.login', { email, password: 'wrong-password-x' }));
      return performance.now() - started;
    };
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time('timing@example.org'));
      unknown.push(await time(`${uniqueName('nobody')}@example.org`));
    }
    // Without the dummy hash an unknown e-mail answers in ~1 ms against ~50-100 ms; the bound is
    // loose so that a busy machine does not make it flaky, and still catches the shortcut.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.3);
  });

  it('refuses a duplicate e-mail in any case with conflict', async () => {
    const { site } = await newSite();
    const other = await newSite();
    await newAgent(site.siteId, 'dewi@example.org');
    for (const [siteId, email] of [
      [site.siteId, 'dewi@example.org'],
      [site.siteId, 'DEWI@Example.ORG'],
      [other.site.siteId, 'Dewi@example.org'],
    ] as const) {
      const error = await rejection(newAgent(siteId, email));
      expect(error.toWire()).toMatchObject({ code: 'conflict' });
    }
    expect(await db.collection('agents').countDocuments()).toBe(1);
  });

  it('refuses an agent of an unknown site with not_found', async () => {
    const error = await rejection(newAgent('no_such_site', 'ghost@example.org'));
    expect(error.code).toBe('not_found');
    expect(await db.collection('agents').countDocuments()).toBe(0);
  });

  it('lets exactly one of 10 parallel creations with the same e-mail win', async () => {
    const { site } = await newSite();
    const spellings = ['race@example.org', 'RACE@example.org', 'Race@Example.Org'];
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        newAgent(site.siteId, spellings[i % spellings.length] ?? ''),
      ),
    );
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(9);
    for (const reason of lost) expect((reason as SapaError).code).toBe('conflict');
    expect(await db.collection('agents').countDocuments({ email: 'race@example.org' })).toBe(1);
  });

  it('refuses login payloads that try to smuggle a query operator', async () => {
    const { site } = await newSite();
    await newAgent(site.siteId, 'target@example.org');
    const reply = await rawRequest('directory.login', { email: { $ne: '' }, password: 'x' });
    expect(reply.error?.code).toBe('validation_failed');
  });

  it('upgrades a hash made with weaker parameters at the next successful login', async () => {
    const { site } = await newSite();
    const weak = await hashPassword('old-password-123', { N: 2 ** 10, r: 8, p: 1 });
    const agent = await store.createAgent({
      siteId: site.siteId,
      name: 'Old',
      email: 'old@example.org',
      role: 'agent',
      passwordHash: weak,
    });
    await expect(
      bus.request('directory.login', { email: 'old@example.org', password: 'old-password-123' }),
    ).resolves.toEqual({ agent });
    const stored = await store.findCredentials('old@example.org');
    expect(stored?.passwordHash).not.toEqual(weak);
    expect(parsePasswordHash(stored?.passwordHash ?? '')).toMatchObject(CURRENT_PARAMS);
    await expect(
      bus.request('directory.login', { email: 'old@example.org', password: 'old-password-123' }),
    ).resolves.toEqual({ agent });
  });
});
