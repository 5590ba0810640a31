import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from '@jest/globals';
import { promtool } from './jaeger-server.js';
import { repoRoot } from './repo-root.js';

/** The `spec:` of the PrometheusRule, de-indented: a plain Prometheus rules file. */
function rulesOf(manifest: string): string {
  const lines = manifest.split('\n');
  const start = lines.findIndex((line) => line === 'spec:');
  if (start < 0) throw new Error('no top-level spec: in the PrometheusRule');
  return lines
    .slice(start + 1)
    .map((line) => line.replace(/^ {2}/, ''))
    .join('\n');
}

it('the alerting rules of deploy/k8s pass promtool check rules', async () => {
  const manifest = await readFile(
    join(repoRoot(), 'deploy/k8s/base/monitoring/prometheus-rules.yaml'),
    'utf8',
  );
  expect(manifest).toMatch(/^kind: PrometheusRule$/m);
  const dir = await mkdtemp(join(tmpdir(), 'sapa-rules-'));
  try {
    const file = join(dir, 'rules.yaml');
    await writeFile(file, rulesOf(manifest));
    const checked = await promtool(['check', 'rules', file]);
    expect(checked.output).toMatch(/SUCCESS: 8 rules found/);
    expect(checked.code).toBe(0);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
