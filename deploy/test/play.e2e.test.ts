import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { stringify } from 'yaml';
import { freePort, waitFor } from '@sapa/testkit';
import { K8S_DIR, REPO_ROOT, renderKustomization } from './kustomize.js';
import { playablePods, podmanSecret } from './play-manifests.js';
import { Podman, podmanUnusable } from './podman.js';
import { agentToken, PlayClient, say, storedTexts } from './ws-client.js';

/**
 * The dev overlay, rendered by kustomize, run for real with `podman kube play` on the images
 * `npm run images` builds (infrastructure from deploy/images/infra.Containerfile, as no registry
 * is reachable here); then a conversation through the containerised gateway, the offline form
 * becoming a ticket and a mail, and everything torn down.
 */
const CI = process.env['CI'] === 'true' || process.env['CI'] === '1';
const SITE_ORIGIN = 'http://school.play.test';
const LOCAL_INFRA = [
  ['docker.io/library/nats', 'localhost/sapa-nats'],
  ['docker.io/library/redis', 'localhost/sapa-redis'],
  ['ghcr.io/ferretdb/ferretdb', 'localhost/sapa-ferretdb'],
];

let scratch: string;
let podman: Podman;
let skipReason: string | undefined;
let network: string;
let playFile: string;
let gateway: { http: string; ws: string; origin: string };
let site: { siteKey: string; admin: { email: string; password: string } };

async function json<T>(url: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const SERVICES = ['directory', 'chat', 'presence', 'tickets', 'notify', 'gateway'];

/** A service's /ready, asked from inside its pod (only the gateway's ports are published). */
function serviceReady(service: string): Promise<boolean> {
  const probe = `fetch('http://127.0.0.1:9090/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return podman.run(['exec', `${service}-${service}`, 'node', '-e', probe], 20_000).then(
    () => true,
    () => false,
  );
}

function buildImages(): void {
  // Cached layers make this quick after the first build; e2e runs after `npm run build`.
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'images.sh')], {
    env: {
      ...process.env,
      SAPA_SKIP_BUILD: '1',
      SAPA_IMAGES: [...SERVICES, 'infra'].join(' '),
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

function renderPlayable(ports: { http: number; health: number }): void {
  const overlay = path.join(scratch, 'play');
  execFileSync('mkdir', ['-p', overlay]);
  writeFileSync(
    path.join(overlay, 'kustomization.yaml'),
    stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [path.relative(overlay, path.join(K8S_DIR, 'overlays', 'dev'))],
      images: LOCAL_INFRA.map(([name, newName]) => ({ name, newName, newTag: 'local' })),
      configMapGenerator: [
        {
          name: 'sapa-config',
          behavior: 'merge',
          literals: [
            `PUBLIC_URL=http://127.0.0.1:${ports.http}`,
            `DASHBOARD_ORIGINS=http://127.0.0.1:${ports.http}`,
          ],
        },
      ],
    }),
  );
  const objects = renderKustomization(overlay);
  playFile = path.join(scratch, 'play.yaml');
  writeFileSync(
    playFile,
    playablePods(objects, ports)
      .map((object) => stringify(object))
      .join('---\n'),
  );
}

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'sapa-play-'));
  podman = new Podman(scratch);
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'tools.sh'), 'containers'], {
    stdio: 'inherit',
  });
  buildImages();
  skipReason = await podmanUnusable(podman, 'localhost/sapa-base:bookworm');
  if (skipReason) {
    if (CI) throw new Error(`the play test must run in CI: ${skipReason}`);
    process.stdout.write(`\nSKIPPED the podman kube play test: ${skipReason}\n\n`);
    return;
  }
  const ports = { http: await freePort(), health: await freePort() };
  gateway = {
    http: `http://127.0.0.1:${ports.http}`,
    ws: `ws://127.0.0.1:${ports.http}`,
    origin: `http://127.0.0.1:${ports.http}`,
  };
  renderPlayable(ports);
  network = `sapa-play-${randomBytes(4).toString('hex')}`;
  await podman.run(['network', 'create', network]);
  const secretFile = path.join(scratch, 'secret.json');
  writeFileSync(
    secretFile,
    podmanSecret({
      JWT_SECRET: randomBytes(32).toString('hex'),
      REPLY_SECRET: randomBytes(16).toString('hex'),
    }),
  );
  await podman.tryRun(['secret', 'rm', 'sapa-secrets']);
  await podman.run(['secret', 'create', 'sapa-secrets', secretFile]);
  await podman.run(['kube', 'play', '--network', network, playFile], 300_000);
  await waitFor(
    async () =>
      (await fetch(`http://127.0.0.1:${ports.health}/ready`).catch(() => undefined))?.ok === true,
    { timeoutMs: 180_000, intervalMs: 1_000, description: 'the containerised gateway to be ready' },
  );
  for (const service of SERVICES) {
    await waitFor(() => serviceReady(service), {
      timeoutMs: 180_000,
      intervalMs: 1_000,
      description: `${service} to be ready in its pod`,
    });
  }
  const created = await podman.run([
    'exec',
    'directory-directory',
    'node',
    'services/directory/dist/cli.js',
    'create-site',
    '--name',
    'Play School',
    '--origin',
    SITE_ORIGIN,
    '--admin-name',
    'Admin',
    '--admin-email',
    'admin@play.test',
    '--json',
  ]);
  site = JSON.parse(created) as typeof site;
}, 900_000);

afterAll(async () => {
  if (playFile && podman) {
    if (skipReason === undefined && site === undefined) {
      for (const pod of ['gateway', 'chat', 'directory', 'nats']) {
        process.stdout.write(
          `--- ${pod}\n${await podman.run(['logs', '--tail', '20', `${pod}-${pod}`]).catch(String)}\n`,
        );
      }
    }
    await podman.tryRun(['kube', 'down', playFile]);
    await podman.tryRun(['secret', 'rm', 'sapa-secrets']);
    if (network) await podman.tryRun(['network', 'rm', '-f', network]);
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 120_000);

describe('the dev overlay under podman kube play', () => {
  it('holds a conversation through the containerised gateway, and stores it', async () => {
    if (skipReason) return;
    const token = await agentToken(gateway.http, site.admin);
    const agent = await PlayClient.connect(`${gateway.ws}/ws/agent`, gateway.origin, token);
    const visitorUrl = `${gateway.ws}/ws/visitor?site=${site.siteKey}`;
    const visitor = await PlayClient.connect(visitorUrl, SITE_ORIGIN);
    const started = await visitor.request('conversation.start', { preChat: { name: 'Siti' } });
    const conversationId = String(started['conversationId']);
    await say(visitor, agent, conversationId, 'v1', 'Halo dari kontainer');
    await say(agent, visitor, conversationId, 'a1', 'Selamat pagi!');
    expect(await storedTexts(gateway.http, token, conversationId)).toEqual([
      'Halo dari kontainer',
      'Selamat pagi!',
    ]);
    agent.close();
    visitor.close();
  }, 120_000);

  it('turns the offline form into a ticket and a mail', async () => {
    if (skipReason) return;
    const visitor = await PlayClient.connect(
      `${gateway.ws}/ws/visitor?site=${site.siteKey}`,
      SITE_ORIGIN,
    );
    await visitor.request('offline.leave', {
      name: 'Budi',
      email: 'budi@play.test',
      question: 'Kapan PPDB dibuka?',
    });
    visitor.close();
    const token = await agentToken(gateway.http, site.admin);
    const ticket = await waitFor(
      async () => {
        const { tickets } = await json<{ tickets: { number: number; source?: string }[] }>(
          `${gateway.http}/api/v1/tickets`,
          { headers: { authorization: `Bearer ${token}`, origin: gateway.origin } },
        );
        return tickets[0];
      },
      { timeoutMs: 60_000, intervalMs: 500, description: 'the ticket of the offline message' },
    );
    const mail = await waitFor(
      async () => {
        const text = await podman.run([
          'exec',
          'mail-sink-mail-sink',
          'sh',
          '-c',
          'cat /mail/*.eml 2>/dev/null || true',
        ]);
        return text.includes('budi@play.test') ? text : undefined;
      },
      { timeoutMs: 60_000, intervalMs: 1_000, description: 'the receipt in the mail sink' },
    );
    expect(mail).toContain(`[#${ticket.number}]`);
  }, 180_000);
});
