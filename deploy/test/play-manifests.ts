import type { KubeObject } from './manifest-rules.js';

/** Where the gateway's two ports are published on the host (127.0.0.1) for the test. */
export interface PlayPorts {
  readonly http: number;
  readonly health: number;
}

interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec: {
    containers: {
      name: string;
      ports?: { name?: string; containerPort: number }[];
      [field: string]: unknown;
    }[];
    volumes?: { name: string; [field: string]: unknown }[];
    [field: string]: unknown;
  };
}

interface WorkloadSpec {
  template: PodTemplate;
  volumeClaimTemplates?: { metadata: { name: string } }[];
}

/** Kinds `podman kube play` (4.3) has no use for: it neither routes Services nor enforces policies. */
const NOT_PLAYED = new Set(['Service', 'ServiceAccount', 'NetworkPolicy']);

/**
 * The rendered dev overlay as `podman kube play` can run it: each Deployment or StatefulSet
 * becomes one Pod named after it (its Service's name, so aardvark-dns resolves `nats`, `redis`
 * ... as Kubernetes' Services would), volume claims become emptyDirs, probes are left out
 * (podman would run them with curl inside images that have none), and only the gateway's
 * ports are published, on 127.0.0.1. Container settings (image, env, ConfigMaps, resources,
 * securityContext, volumes) are kept as rendered.
 */
export function playablePods(objects: readonly KubeObject[], ports: PlayPorts): object[] {
  const played: object[] = [];
  for (const object of objects) {
    if (NOT_PLAYED.has(object.kind)) continue;
    if (object.kind !== 'Deployment' && object.kind !== 'StatefulSet') {
      played.push(object);
      continue;
    }
    const spec = structuredClone(object['spec']) as WorkloadSpec;
    const claims = (spec.volumeClaimTemplates ?? []).map((claim) => ({
      name: claim.metadata.name,
      emptyDir: {},
    }));
    const { containers, ...podSpec } = spec.template.spec;
    played.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: object.metadata.name, labels: spec.template.metadata?.labels ?? {} },
      spec: {
        ...podSpec,
        volumes: [...(podSpec.volumes ?? []), ...claims],
        containers: containers.map((container) => {
          const {
            livenessProbe,
            readinessProbe,
            startupProbe,
            ports: declared,
            ...rest
          } = container;
          void [livenessProbe, readinessProbe, startupProbe, declared];
          if (object.metadata.name !== 'gateway') return rest;
          return {
            ...rest,
            ports: [
              { containerPort: 8080, hostPort: ports.http, hostIP: '127.0.0.1' },
              { containerPort: 9090, hostPort: ports.health, hostIP: '127.0.0.1' },
            ],
          };
        }),
      },
    });
  }
  return played;
}

/** A podman secret as `kube play` reads one for secretKeyRef: a JSON map of base64 values. */
export function podmanSecret(values: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(values).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
    ),
  );
}
