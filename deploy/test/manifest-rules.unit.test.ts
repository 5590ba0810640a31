import { describe, expect, it } from '@jest/globals';
import { ruleProblems, schemaProblems, type KubeObject } from './manifest-rules.js';

const container = {
  name: 'chat',
  image: 'localhost/sapa-chat:0.1.0',
  resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '1', memory: '256Mi' } },
  securityContext: {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
  },
  livenessProbe: { httpGet: { path: '/health', port: 9090 } },
  readinessProbe: { httpGet: { path: '/ready', port: 9090 } },
  startupProbe: { httpGet: { path: '/ready', port: 9090 } },
};

function deployment(changes: Record<string, unknown>, podChanges: object = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'chat' },
    spec: {
      selector: { matchLabels: { app: 'chat' } },
      template: {
        metadata: { labels: { app: 'chat' } },
        spec: {
          securityContext: { runAsNonRoot: true },
          containers: [{ ...container, ...changes }],
          ...podChanges,
        },
      },
    },
  };
}

describe('manifest rules', () => {
  it('pass a Deployment with probes, limits, a securityContext and an exact image', () => {
    expect(ruleProblems(deployment({}))).toEqual([]);
    expect(schemaProblems(deployment({}))).toEqual([]);
  });

  it('catch a Deployment without probes', () => {
    expect(ruleProblems(deployment({ livenessProbe: undefined }))).toEqual([
      'Deployment/chat container chat: needs liveness, readiness and startup probes',
    ]);
  });

  it('catch missing limits and requests', () => {
    expect(ruleProblems(deployment({ resources: {} }))).toEqual([
      'Deployment/chat container chat: no cpu and memory limits',
      'Deployment/chat container chat: no cpu and memory requests',
    ]);
  });

  it('catch a missing or permissive securityContext, and a pod that may run as root', () => {
    expect(ruleProblems(deployment({ securityContext: undefined }))).toHaveLength(1);
    expect(
      ruleProblems(
        deployment({
          securityContext: { ...container.securityContext, readOnlyRootFilesystem: false },
        }),
      ),
    ).toHaveLength(1);
    expect(ruleProblems(deployment({}, { securityContext: {} }))).toEqual([
      'Deployment/chat: pod securityContext must set runAsNonRoot',
    ]);
  });

  it('catch :latest and untagged images', () => {
    for (const image of [
      'localhost/sapa-chat:latest',
      'localhost/sapa-chat',
      'localhost:5000/chat',
    ]) {
      expect(ruleProblems(deployment({ image }))).toEqual([
        `Deployment/chat container chat: image "${image}" has no exact tag (or is :latest)`,
      ]);
    }
  });

  it('catch a Secret that carries data, and accept an empty one', () => {
    const secret = (extra: object): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sapa-secrets' },
      ...extra,
    });
    expect(ruleProblems(secret({ stringData: { JWT_SECRET: 'x' } }))).toEqual([
      'Secret/sapa-secrets: a committed Secret carries data',
    ]);
    expect(ruleProblems(secret({ data: { JWT_SECRET: 'eA==' } }))).toHaveLength(1);
    expect(ruleProblems(secret({}))).toEqual([]);
  });

  it('reject what the API schema rejects, and kinds it does not know', () => {
    const bad = deployment({ ports: [{ containerPort: 'http' }] });
    expect(schemaProblems(bad)).toHaveLength(1);
    expect(
      schemaProblems({ apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } }),
    ).toEqual(['Widget/w: no schema known for example.org/v1']);
  });
});
