import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Db, MongoClient } from 'mongodb';
import type { Bus } from '@sapa/bus';
import { defaultWidgetSettings, newId, type WidgetSettings } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import { uniqueName, type TestServer } from '@sapa/testkit';
import { createDirectoryHandlers, serveDirectory } from './directory.handlers.js';
import { startDirectoryInfra, stopDirectoryInfra } from './directory.test-support.js';
import { DirectoryStore } from './directory.store.js';
import { createSiteSettingsHandlers, serveSiteSettings } from './site-settings.handlers.js';
import { SiteSettingsStore, identityHash } from './site-settings.store.js';

// Own nats-server: directory subjects are fixed names (see directory.int.test.ts).
const logger = createLogger('site-settings-int-test', 'silent');
let nats: TestServer;
let mongo: MongoClient;
let bus: Bus;
let db: Db;
const servers: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  ({ nats, mongo, bus } = await startDirectoryInfra('site-settings-int-test', logger));
  db = mongo.db(uniqueName('site-settings'));
  const store = await DirectoryStore.open(db);
  const settings = SiteSettingsStore.open(db);
  servers.push(
    serveDirectory(bus, await createDirectoryHandlers({ store, logger, settings })),
    serveSiteSettings(bus, createSiteSettingsHandlers({ sites: store, settings, logger })),
  );
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await db?.dropDatabase();
  await stopDirectoryInfra({ nats, mongo, bus });
});

const newSite = () =>
  bus.request('directory.create-site', {
    name: 'SMP Negeri 1',
    allowedOrigins: ['https://smpn1.sch.id'],
  });

describe('widget settings', () => {
  it('are the defaults (with the site name) until saved, then what was saved', async () => {
    const { site } = await newSite();
    await expect(
      bus.request('directory.get-widget-settings', { siteId: site.siteId }),
    ).resolves.toEqual({ settings: defaultWidgetSettings('SMP Negeri 1') });

    const settings: WidgetSettings = {
      ...defaultWidgetSettings('SMPN 1 Makassar'),
      position: 'bottom-left',
      color: '#aa3300',
      logoUrl: 'https://smpn1.sch.id/logo.png',
      greeting: 'Selamat datang!',
      mobile: { size: 'small', launcherText: 'Chat' },
      preChat: { name: 'required', email: 'optional', question: 'off' },
      offlineBehavior: 'hide',
      language: 'id',
    };
    await bus.request('directory.update-widget-settings', { siteId: site.siteId, settings });
    await expect(
      bus.request('directory.get-widget-settings', { siteId: site.siteId }),
    ).resolves.toEqual({ settings });
    // Saving again replaces, it does not merge.
    const plain = defaultWidgetSettings('Plain');
    await bus.request('directory.update-widget-settings', {
      siteId: site.siteId,
      settings: plain,
    });
    await expect(
      bus.request('directory.get-widget-settings', { siteId: site.siteId }),
    ).resolves.toEqual({ settings: plain });
  });

  it('are not_found for an unknown site, and invalid settings are refused', async () => {
    await expect(
      bus.request('directory.get-widget-settings', { siteId: newId() }),
    ).rejects.toMatchObject({ code: 'not_found' });
    await expect(
      bus.request('directory.update-widget-settings', {
        siteId: newId(),
        settings: defaultWidgetSettings('x'),
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const { site } = await newSite();
    await expect(
      bus.request('directory.update-widget-settings', {
        siteId: site.siteId,
        settings: { ...defaultWidgetSettings('x'), color: 'red' },
      }),
    ).rejects.toMatchObject({ code: 'validation_failed' });
  });
});

describe('identity', () => {
  it('gives a new site a secret once, and verifies only a correct HMAC of the e-mail', async () => {
    const { site, identitySecret } = await newSite();
    expect(identitySecret).toMatch(/^[0-9a-f]{64}$/);
    const secret = identitySecret ?? '';
    const verify = (email: string, hash: string) =>
      bus.request('directory.verify-identity', { siteId: site.siteId, email, hash });
    await expect(
      verify('siti@example.org', identityHash(secret, 'siti@example.org')),
    ).resolves.toEqual({ verified: true });
    await expect(
      verify('budi@example.org', identityHash(secret, 'siti@example.org')),
    ).resolves.toEqual({ verified: false });
    await expect(verify('siti@example.org', '00'.repeat(32))).resolves.toEqual({
      verified: false,
    });
    // Another site's secret does not verify for this site.
    const other = await newSite();
    await expect(
      verify('siti@example.org', identityHash(other.identitySecret ?? '', 'siti@example.org')),
    ).resolves.toEqual({ verified: false });
    // Lookups of the site never carry the secret.
    const fetched = await bus.request('directory.get-site', { siteId: site.siteId });
    expect(JSON.stringify(fetched)).not.toContain(secret);
  });

  it('verifies nothing for a site without a secret', async () => {
    await expect(
      bus.request('directory.verify-identity', {
        siteId: newId(),
        email: 'a@b.c',
        hash: '00'.repeat(32),
      }),
    ).resolves.toEqual({ verified: false });
  });
});
