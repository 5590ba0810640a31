import { ScaledObject } from '@kubernetes-models/keda/keda.sh/v1alpha1';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { Ingress, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import {
  ConfigMap,
  Secret,
  Service,
  ServiceAccount,
  type IContainer,
  type IPodSpec,
} from 'kubernetes-models/v1';

/** One rendered Kubernetes object, as parsed from `kustomize build`. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

type Validating = new (data: never) => { validate(): void };

/** The API schema of every kind Sapa's manifests may hold (kubernetes-models, KEDA's CRDs). */
const MODELS: Readonly<Record<string, Validating>> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'networking.k8s.io/v1/Ingress': Ingress,
  'keda.sh/v1alpha1/ScaledObject': ScaledObject,
};

const label = (object: KubeObject): string => `${object.kind}/${object.metadata.name}`;

/** Schema errors: an unknown kind, or an object its API schema rejects. */
export function schemaProblems(object: KubeObject): string[] {
  const Model = MODELS[`${object.apiVersion}/${object.kind}`];
  if (!Model) return [`${label(object)}: no schema known for ${object.apiVersion}`];
  try {
    new Model(object as never).validate();
    return [];
  } catch (error) {
    return [`${label(object)}: ${error instanceof Error ? error.message : String(error)}`];
  }
}

function podSpec(object: KubeObject): IPodSpec | undefined {
  const spec = object['spec'] as { template?: { spec?: IPodSpec } } | undefined;
  return spec?.template?.spec;
}

function containerProblems(where: string, container: IContainer, long: boolean): string[] {
  const problems: string[] = [];
  const at = `${where} container ${container.name}`;
  const image = container.image ?? '';
  if (!/:[\w][\w.-]*$/.test(image.split('/').pop() ?? '') || image.endsWith(':latest')) {
    problems.push(`${at}: image "${image}" has no exact tag (or is :latest)`);
  }
  if (!container.resources?.limits?.['memory'] || !container.resources.limits['cpu']) {
    problems.push(`${at}: no cpu and memory limits`);
  }
  if (!container.resources?.requests?.['memory'] || !container.resources.requests['cpu']) {
    problems.push(`${at}: no cpu and memory requests`);
  }
  const security = container.securityContext;
  if (
    security?.allowPrivilegeEscalation !== false ||
    security.readOnlyRootFilesystem !== true ||
    !security.capabilities?.drop?.includes('ALL')
  ) {
    problems.push(
      `${at}: securityContext must forbid privilege escalation, make the root read-only and drop ALL`,
    );
  }
  if (long && (!container.livenessProbe || !container.readinessProbe || !container.startupProbe)) {
    problems.push(`${at}: needs liveness, readiness and startup probes`);
  }
  return problems;
}

/**
 * What our own rules forbid beyond the schema: a workload without probes (long-running ones),
 * limits, a restrictive securityContext or a non-root pod; an image without an exact tag; a
 * Secret that carries data (secrets are created in the cluster, never committed).
 */
export function ruleProblems(object: KubeObject): string[] {
  if (object.kind === 'Secret') {
    const secret = object as { data?: object; stringData?: object };
    const filled = { ...secret.data, ...secret.stringData };
    return Object.keys(filled).length > 0
      ? [`${label(object)}: a committed Secret carries data`]
      : [];
  }
  const spec = podSpec(object);
  if (!spec) return [];
  const problems: string[] = [];
  if (spec.securityContext?.runAsNonRoot !== true) {
    problems.push(`${label(object)}: pod securityContext must set runAsNonRoot`);
  }
  const long = object.kind !== 'Job';
  for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
    problems.push(...containerProblems(label(object), container, long));
  }
  return problems;
}
