import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './manifest-rules.js';

/** The repository's root and its deploy/k8s folder. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const K8S_DIR = path.join(REPO_ROOT, 'deploy', 'k8s');

let kustomizeBin: string | undefined;

/** kustomize at the pinned version, built into .tools/ by scripts/tools.sh on first use. */
export function kustomize(): string {
  kustomizeBin ??= (() => {
    const script = path.join(REPO_ROOT, 'scripts', 'tools.sh');
    execFileSync('bash', [script, 'kustomize'], { stdio: ['ignore', 'inherit', 'inherit'] });
    return execFileSync('bash', [script, 'kustomize-path'], { encoding: 'utf8' }).trim();
  })();
  return kustomizeBin;
}

/** `kustomize build <dir>`, parsed: one object per YAML document. */
export function renderKustomization(dir: string): KubeObject[] {
  const yamlText = execFileSync(kustomize(), ['build', dir], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseAllDocuments(yamlText).map((doc) => {
    if (doc.errors.length > 0) throw new Error(`${dir}: ${doc.errors[0]?.message}`);
    return doc.toJS() as KubeObject;
  });
}
