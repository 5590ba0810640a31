import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Bus } from '@sapa/bus';
import { AgentPublic, SitePublic } from '@sapa/contracts';
import { createLogger } from '@sapa/platform';
import {
  freePort,
  startNats,
  startService,
  testInfra,
  uniqueName,
  type RunningService,
  type TestServer,
} from '@sapa/testkit';
import { z } from 'zod';

// The built service and the built CLI, as an operator runs them: `sapa create-site` against a
// running directory over NATS, then a login with the password it printed.
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = join(root, 'services', 'directory', 'dist', 'cli.js');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const logger = createLogger('directory-e2e-test', 'silent');

const CreateSiteOutput = SitePublic.extend({
  admin: AgentPublic.extend({ password: z.string() }).strict(),
  embedSnippet: z.string(),
  /** Shown once, at creation: the key of the host site's identity HMAC. */
  identitySecret: z.string().regex(/^[0-9a-f]{64}$/),
}).strict();

let nats: TestServer;
let service: RunningService;
let bus: Bus;

/** Runs the CLI; resolves with its exit code and output instead of throwing on a failure. */
async function sapa(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...process.env, NATS_URL: nats.url, ...env },
      timeout: 30_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  // Builds this service and the libs it references, so the test runs the current code.
  await run(process.execPath, [tsc, '-b', join(root, 'services', 'directory', 'tsconfig.json')], {
    cwd: root,
  });
  // A private NATS: the directory's subjects are fixed, so another test's directory on the
  // shared server would answer our requests.
  nats = await startNats({ jetstream: false });
  service = await startService({
    name: 'directory',
    env: {
      NATS_URL: nats.url,
      MONGO_URL: testInfra().mongoUrl,
      MONGO_DB: uniqueName('directory_e2e'),
    },
  });
  bus = await Bus.connect({ servers: nats.url, name: 'directory-e2e-test', logger });
}, 120_000);

afterAll(async () => {
  await bus?.drain();
  await service?.stop();
  await nats?.dispose();
});

describe('sapa create-site', () => {
  it('creates a site and its admin, prints one JSON object, and the printed password logs in', async () => {
    const email = `${uniqueName('admin')}@Example.org`;
    const result = await sapa([
      'create-site',
      '--name',
      'SMP Negeri 1',
      '--origin',
      'http://localhost:8080',
      '--origin',
      'https://smpn1.sch.id',
      '--time-zone',
      'Asia/Makassar',
      '--admin-name',
      'Admin',
      '--admin-email',
      email,
      '--gateway-url',
      'https://chat.smpn1.sch.id/',
      '--json',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const output = CreateSiteOutput.parse(JSON.parse(result.stdout));
    expect(output).toMatchObject({
      name: 'SMP Negeri 1',
      allowedOrigins: ['http://localhost:8080', 'https://smpn1.sch.id'],
      timeZone: 'Asia/Makassar',
      admin: { siteId: output.siteId, name: 'Admin', email: email.toLowerCase(), role: 'admin' },
    });
    expect(output.admin.password).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);
    expect(output.embedSnippet).toBe(
      `<script async src="https://chat.smpn1.sch.id/widget.js" data-sapa-site="${output.siteKey}"></script>`,
    );

    const { password, ...admin } = output.admin;
    await expect(bus.request('directory.login', { email, password })).resolves.toEqual({
      agent: admin,
    });
    const { site } = await bus.request('directory.get-site-by-key', { siteKey: output.siteKey });
    expect(site.siteId).toBe(output.siteId);
  });

  it('prints the facts as text without --json, using the given password', async () => {
    const email = `${uniqueName('admin')}@example.org`;
    const result = await sapa([
      'create-site',
      '--name',
      'SD Inpres',
      '--origin',
      'https://sd.example.org',
      '--admin-name',
      'Kepala',
      '--admin-email',
      email,
      '--admin-password',
      'chosen-by-the-admin',
    ]);
    expect(result.code).toBe(0);
    const siteKey = /site key:\s+(\S+)/.exec(result.stdout)?.[1] ?? '';
    expect(result.stdout).toMatch(/site id:\s+\S+/);
    expect(result.stdout).toContain(email);
    expect(result.stdout).toContain('chosen-by-the-admin');
    expect(result.stdout).toContain(
      `<script async src="http://localhost:8080/widget.js" data-sapa-site="${siteKey}"></script>`,
    );
    await expect(
      bus.request('directory.login', { email, password: 'chosen-by-the-admin' }),
    ).resolves.toMatchObject({ agent: { email, role: 'admin' } });
  });

  it('exits 1 and names the orphan site when the admin e-mail is taken', async () => {
    const email = `${uniqueName('taken')}@example.org`;
    const args = [
      'create-site',
      '--name',
      'X',
      '--origin',
      'https://x.example',
      '--admin-name',
      'A',
    ];
    expect((await sapa([...args, '--admin-email', email])).code).toBe(0);
    const again = await sapa([...args, '--admin-email', email.toUpperCase()]);
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/was created, but its admin was not/);
    expect(again.stderr).toMatch(/conflict: an agent with this e-mail already exists/);
  });

  it('exits 2 with the usage on a usage error, before connecting anywhere', async () => {
    const result = await sapa(['create-site', '--name', 'X', '--origin', 'https://x.example'], {
      NATS_URL: 'nats://127.0.0.1:1',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--admin-name is required/);
    expect(result.stderr).toMatch(/Usage:/);
    const badZone = await sapa([
      'create-site',
      '--name',
      'X',
      '--origin',
      'https://x.example',
      '--time-zone',
      'Mars/Base',
      '--admin-name',
      'A',
      '--admin-email',
      'a@example.org',
    ]);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toMatch(/unknown time zone "Mars\/Base"/);
  });

  it('exits 1 with a clear message when NATS cannot be reached', async () => {
    const port = await freePort();
    const result = await sapa(
      ['create-agent', '--site', 's1', '--name', 'A', '--email', 'a@example.org'],
      { NATS_URL: `nats://127.0.0.1:${port}` },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot reach NATS at nats:\/\/127\.0\.0\.1:\d+/);
  });
});

describe('sapa create-agent', () => {
  it('adds an agent to an existing site and prints its generated password', async () => {
    const { site } = await bus.request('directory.create-site', {
      name: 'For agents',
      allowedOrigins: ['https://agents.example'],
    });
    const email = `${uniqueName('agent')}@example.org`;
    const result = await sapa([
      'create-agent',
      '--site',
      site.siteId,
      '--name',
      'Budi',
      '--email',
      email,
      '--role',
      'supervisor',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const { agent } = z
      .object({ agent: AgentPublic.extend({ password: z.string().min(16) }) })
      .parse(JSON.parse(result.stdout));
    expect(agent).toMatchObject({ siteId: site.siteId, email, role: 'supervisor' });
    const { password, ...publicAgent } = agent;
    await expect(bus.request('directory.login', { email, password })).resolves.toEqual({
      agent: publicAgent,
    });
  });

  it('exits 1 with not_found for an unknown site', async () => {
    const result = await sapa([
      'create-agent',
      '--site',
      uniqueName('nosite'),
      '--name',
      'Budi',
      '--email',
      `${uniqueName('agent')}@example.org`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not_found: site \S+ not found/);
  });
});
