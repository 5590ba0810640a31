import { execFile, execFileSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './kustomize.js';

const run = promisify(execFile);
const UNITS = path.join(REPO_ROOT, 'deploy', 'systemd');
const SERVICES = ['gateway', 'chat', 'presence', 'tickets', 'notify', 'directory'];
const INFRA = ['nats', 'redis', 'ferretdb'];
/** The programs the units start; the check's root has stand-ins (this machine may lack some). */
const PROGRAMS = [
  'usr/bin/node',
  'usr/sbin/nats-server',
  'usr/bin/redis-server',
  'usr/local/bin/ferretdb',
];

let root: string;

beforeAll(() => {
  execFileSync('bash', [path.join(REPO_ROOT, 'scripts', 'tools.sh'), 'systemd'], {
    stdio: 'inherit',
  });
  root = mkdtempSync(path.join(tmpdir(), 'sapa-systemd-'));
  cpSync('/usr/lib/systemd/system', path.join(root, 'usr', 'lib', 'systemd', 'system'), {
    recursive: true,
  });
  for (const program of PROGRAMS) {
    mkdirSync(path.dirname(path.join(root, program)), { recursive: true });
    writeFileSync(path.join(root, program), '#!/bin/sh\n');
    chmodSync(path.join(root, program), 0o755);
  }
  cpSync(UNITS, path.join(root, 'etc', 'systemd', 'system'), { recursive: true });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

/** `systemd-analyze verify` of unit files under the root: everything it says (empty when clean). */
async function verify(files: string[]): Promise<string> {
  const result = await run('systemd-analyze', ['verify', `--root=${root}`, ...files]).then(
    ({ stdout, stderr }) => stdout + stderr,
    (error: { stdout?: string; stderr?: string }) =>
      `${error.stdout ?? ''}${error.stderr ?? 'failed'}`,
  );
  return result.trim();
}

const installed = (name: string) => path.join(root, 'etc', 'systemd', 'system', name);

describe('deploy/systemd', () => {
  it('has a unit per service and for the infrastructure, restarted on failure and hardened', () => {
    const files = readdirSync(UNITS);
    for (const name of [...SERVICES, ...INFRA]) {
      const unit = readFileSync(path.join(UNITS, `sapa-${name}.service`), 'utf8');
      expect([name, /^Restart=on-failure$/m.test(unit)]).toEqual([name, true]);
      for (const option of [
        'NoNewPrivileges=yes',
        'ProtectSystem=strict',
        'PrivateTmp=yes',
        'StartLimitBurst=5',
      ]) {
        expect([name, unit.includes(`\n${option}\n`)]).toEqual([name, true]);
      }
    }
    expect(files).toContain('sapa.target');
  });

  it('passes systemd-analyze verify without a word', async () => {
    const files = readdirSync(UNITS).map(installed);
    expect(await verify(files)).toBe('');
  });

  it('would be caught by systemd-analyze verify when broken', async () => {
    const broken = installed('sapa-broken.service');
    writeFileSync(
      broken,
      readFileSync(installed('sapa-chat.service'), 'utf8').replace(
        /^Restart=on-failure$/m,
        'Restart=sometimes',
      ),
    );
    expect(await verify([broken])).toContain('Failed to parse service restart specifier');
    rmSync(broken);
  });
});
