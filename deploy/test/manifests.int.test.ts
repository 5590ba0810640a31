import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { K8S_DIR, renderKustomization } from './kustomize.js';
import { ruleProblems, schemaProblems, type KubeObject } from './manifest-rules.js';

const SERVICES = ['gateway', 'chat', 'presence', 'tickets', 'notify', 'directory'];

interface Workload extends KubeObject {
  readonly spec: { readonly replicas?: number; readonly selector?: { matchLabels?: object } };
}

const ofKind = (objects: KubeObject[], kind: string): Workload[] =>
  objects.filter((object) => object.kind === kind) as Workload[];
const names = (objects: KubeObject[], kind: string): string[] =>
  ofKind(objects, kind)
    .map((object) => object.metadata.name)
    .sort();

const rendered: Record<string, KubeObject[]> = {};
let scratch: string;

beforeAll(() => {
  // The production overlay with an external MongoDB, as an operator would compose it (kustomize
  // takes only relative paths).
  scratch = mkdtempSync(path.join(tmpdir(), 'sapa-kustomize-'));
  writeFileSync(
    path.join(scratch, 'kustomization.yaml'),
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      `resources: [${JSON.stringify(path.relative(scratch, path.join(K8S_DIR, 'overlays', 'production')))}]`,
      `components: [${JSON.stringify(path.relative(scratch, path.join(K8S_DIR, 'components', 'external-mongodb')))}]`,
    ].join('\n'),
  );
  rendered['dev'] = renderKustomization(path.join(K8S_DIR, 'overlays', 'dev'));
  rendered['production'] = renderKustomization(path.join(K8S_DIR, 'overlays', 'production'));
  rendered['production + external MongoDB'] = renderKustomization(scratch);
}, 300_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(['dev', 'production', 'production + external MongoDB'])(
  'the %s rendering',
  (name) => {
    it('passes the Kubernetes API schemas and our rules (probes, limits, securityContext, tags, no secret data)', () => {
      const objects = rendered[name] ?? [];
      expect(objects.length).toBeGreaterThan(20);
      expect(
        objects.flatMap((object) => [...schemaProblems(object), ...ruleProblems(object)]),
      ).toEqual([]);
    });

    it('runs every Sapa service behind a Service, under its own ServiceAccount', () => {
      const objects = rendered[name] ?? [];
      for (const service of SERVICES) {
        expect(names(objects, 'Deployment')).toContain(service);
        expect(names(objects, 'Service')).toContain(service);
        expect(names(objects, 'ServiceAccount')).toContain(service);
      }
    });
  },
);

describe('the overlays', () => {
  it('dev: one replica of everything, the embedded store, no PostgreSQL, no ingress', () => {
    const dev = rendered['dev'] ?? [];
    for (const workload of [...ofKind(dev, 'Deployment'), ...ofKind(dev, 'StatefulSet')]) {
      expect([workload.metadata.name, workload.spec.replicas ?? 1]).toEqual([
        workload.metadata.name,
        1,
      ]);
    }
    expect(names(dev, 'StatefulSet')).toEqual(['nats']);
    expect(names(dev, 'Ingress')).toEqual([]);
    expect(JSON.stringify(dev)).toContain('"FERRETDB_HANDLER","value":"sqlite"');
  });

  it('production: two or more pods of every service, PDBs, HPA, KEDA, a 3-node NATS', () => {
    const production = rendered['production'] ?? [];
    // Redis stays single: what it holds refills within seconds (docs/operations.md).
    const replicated = ofKind(production, 'Deployment').filter(
      (set) => set.metadata.name !== 'redis',
    );
    expect(replicated.map((set) => set.metadata.name)).toEqual(expect.arrayContaining(SERVICES));
    for (const deployment of replicated) {
      expect([deployment.metadata.name, (deployment.spec.replicas ?? 1) >= 2]).toEqual([
        deployment.metadata.name,
        true,
      ]);
    }
    expect(names(production, 'PodDisruptionBudget')).toEqual([...SERVICES, 'nats'].sort());
    expect(names(production, 'HorizontalPodAutoscaler')).toEqual(['chat', 'gateway']);
    expect(names(production, 'ScaledObject')).toEqual(['notify', 'tickets']);
    const nats = ofKind(production, 'StatefulSet').find((set) => set.metadata.name === 'nats');
    expect(nats?.spec.replicas).toBe(3);
    expect(names(production, 'StatefulSet')).toContain('postgres');
    expect(names(production, 'Ingress')).toEqual(['sapa']);
  });

  it('external MongoDB: neither FerretDB nor PostgreSQL is deployed', () => {
    const external = rendered['production + external MongoDB'] ?? [];
    expect(names(external, 'Deployment')).not.toContain('ferretdb');
    expect(names(external, 'StatefulSet')).toEqual(['nats']);
  });

  it("lets only the gateway (and notify's inbound SMTP) take traffic from outside Sapa", () => {
    const production = rendered['production'] ?? [];
    const policies = ofKind(production, 'NetworkPolicy') as unknown as {
      metadata: { name: string };
      spec: {
        podSelector: { matchLabels?: Record<string, string> };
        ingress?: { from?: unknown[] }[];
      };
    }[];
    expect(
      policies.find((policy) => policy.metadata.name === 'default-deny-ingress')?.spec.ingress,
    ).toBeUndefined();
    const open = policies
      .filter((policy) => (policy.spec.ingress ?? []).some((rule) => !rule.from))
      .map((policy) => policy.spec.podSelector.matchLabels?.['app.kubernetes.io/name'])
      .sort();
    expect(open).toEqual(['gateway', 'notify']);
  });
});
