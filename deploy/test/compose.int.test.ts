import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { REPO_ROOT } from './kustomize.js';

const run = promisify(execFile);

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
}

const compose = parse(readFileSync(path.join(REPO_ROOT, 'compose.yaml'), 'utf8'), {
  merge: true,
}) as { services: Record<string, ComposeService> };
const services = compose.services;
/** The optional Kafka exporter is left out of compose (docs/kafka-export.md). */
const OPTIONAL = new Set(['exporter']);
const sapaServices = readdirSync(path.join(REPO_ROOT, 'services')).filter(
  (name) =>
    existsSync(path.join(REPO_ROOT, 'services', name, 'package.json')) && !OPTIONAL.has(name),
);

describe('compose.yaml', () => {
  it('runs every Sapa service from the service Containerfile, with an exact image tag', () => {
    expect(sapaServices.sort()).toEqual([
      'chat',
      'directory',
      'gateway',
      'notify',
      'presence',
      'tickets',
    ]);
    for (const name of sapaServices) {
      const service = services[name];
      expect([name, service?.build?.dockerfile, service?.build?.args?.SERVICE]).toEqual([
        name,
        'deploy/images/service.Containerfile',
        name,
      ]);
      expect(service?.image).toMatch(new RegExp(`^localhost/sapa-${name}:\\d+\\.\\d+\\.\\d+$`));
    }
  });

  it('names only services it defines: in depends_on and in every URL', () => {
    const names = new Set(Object.keys(services));
    for (const [name, service] of Object.entries(services)) {
      const needs = Array.isArray(service.depends_on)
        ? service.depends_on
        : Object.keys(service.depends_on ?? {});
      for (const need of needs) expect([name, names.has(need)]).toEqual([name, true]);
      for (const value of Object.values(service.environment ?? {})) {
        const host = /^[a-z]+:\/\/(?:[^@/]+@)?([a-z-]+):\d+/.exec(String(value))?.[1];
        if (host && host !== 'localhost')
          expect([name, host, names.has(host)]).toEqual([name, host, true]);
      }
      if (names.has('mailpit') && name === 'notify')
        expect(service.environment?.['SMTP_HOST']).toBe('mailpit');
    }
    for (const infra of ['nats', 'redis', 'ferretdb', 'postgres', 'mailpit'])
      expect(names.has(infra)).toBe(true);
  });

  it('is accepted by podman-compose (a dry run of `up`)', async () => {
    execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'tools.sh'), 'compose'], {
      stdio: 'inherit',
    });
    const { stdout } = await run(
      'podman-compose',
      ['--dry-run', '-f', 'compose.yaml', 'up', '-d'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, SAPA_JWT_SECRET: 'j'.repeat(64), SAPA_REPLY_SECRET: 'r'.repeat(64) },
        timeout: 60_000,
      },
    );
    for (const name of Object.keys(services))
      expect(stdout).toMatch(new RegExp(`--name=\\w+_${name}_1 `));
    expect(stdout.match(/^podman run /gm)).toHaveLength(Object.keys(services).length);
    expect(stdout).not.toContain('${');
  });
});
