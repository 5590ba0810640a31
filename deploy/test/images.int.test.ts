import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO_ROOT } from './kustomize.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

/** Every npm workspace folder (the root package.json's globs, expanded). */
function workspaces(): string[] {
  const globs = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
  return globs.flatMap((glob) => {
    if (!glob.endsWith('/*')) return [glob];
    const parent = glob.slice(0, -2);
    return readdirSync(path.join(REPO_ROOT, parent))
      .map((name) => `${parent}/${name}`)
      .filter((dir) => existsSync(path.join(REPO_ROOT, dir, 'package.json')));
  });
}

describe('the image build inputs', () => {
  it('.dockerignore lets every workspace manifest through, and every built dist/', () => {
    // npm ci needs every workspace's package.json; buildah does not re-include through a
    // wildcard folder, so each is named (a workspace added without it breaks the images).
    const allowed = new Set(read('.dockerignore').split('\n'));
    for (const dir of workspaces()) {
      expect([dir, allowed.has(`!${dir}/package.json`)]).toEqual([dir, true]);
      if (existsSync(path.join(REPO_ROOT, dir, 'tsconfig.json')) && !dir.startsWith('load-tests')) {
        expect([dir, allowed.has(`!${dir}/dist`)]).toEqual([dir, true]);
      }
    }
  });

  it('one Containerfile builds every service on the pinned Node version, run as a non-root user under tini', () => {
    const nodeVersion = /SAPA_NODE_VERSION:-([\d.]+)/.exec(read('scripts/images.sh'))?.[1];
    expect(nodeVersion).toMatch(/^24\.\d+\.\d+$/);
    const file = read('deploy/images/service.Containerfile');
    expect(file).toContain(`ARG BASE_IMAGE=docker.io/library/node:${nodeVersion}-bookworm-slim`);
    expect(file).toContain('--workspace "services/$SERVICE"');
    expect(file).toContain('ln -s "services/$SERVICE/dist/main.js" main.js');
    expect(file).toMatch(/^USER 10001:10001$/m);
    expect(file).toContain('ENTRYPOINT ["tini", "--", "node"]');
    expect(file).toContain('CMD ["main.js"]');
    // Every service is built from it, and no service keeps a Containerfile of its own.
    const built = /SAPA_IMAGES:-([a-z ]+)\}/.exec(read('scripts/images.sh'))?.[1]?.split(' ') ?? [];
    for (const service of readdirSync(path.join(REPO_ROOT, 'services'))) {
      expect([service, built.includes(service)]).toEqual([service, true]);
      expect([
        service,
        existsSync(path.join(REPO_ROOT, 'services', service, 'Containerfile')),
      ]).toEqual([service, false]);
    }
  });
});
