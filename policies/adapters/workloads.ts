import type { SourceDocument } from '../../core/loaders/documents';
import { derivedFromSecret } from '../../core/model/secret-value';
import type { Workload } from '../../core/model/workload';
import { workloadsFromCloudFormation, workloadsFromKubernetes } from '../../core/workloads';
import { type DeviceClaimObject, deviceClaimObjects } from '../../core/workloads/device-claims';
import { ecsContainerDefinitionsAsCloudFormation } from './ecs-task-definition';
import { type KnownProps, type PropPath, pathWithin } from './known-props';

export const ECS_TASK_DEFINITION = 'aws:ecs/taskDefinition:TaskDefinition';

/** `kubernetes:apps/v1:Deployment` → apiVersion `apps/v1`, kind `Deployment` (core/v1 is plain `v1`). */
export function kubernetesKind(type: string): { apiVersion: string; kind: string } | undefined {
  const match = /^kubernetes:([^:]+):([^:]+)$/.exec(type);
  if (!match) return undefined;
  const apiVersion = match[1] === 'core/v1' ? 'v1' : match[1]!;
  return { apiVersion, kind: match[2]! };
}

/** What the workload readers need of a Pulumi resource. */
export interface PulumiResource {
  type: string;
  urn: string;
  name: string;
  props: KnownProps;
}

/** The DRA claim templates, claims and device classes a Pulumi resource declares (resource.k8s.io). */
export function deviceClaimsFromResource(resource: PulumiResource): DeviceClaimObject[] {
  const k8s = kubernetesKind(resource.type);
  if (!k8s?.apiVersion.startsWith('resource.k8s.io/')) return [];
  const value = { ...resource.props.value, ...k8s };
  return deviceClaimObjects({ file: resource.urn, value, line: 1, column: 1, locate: () => undefined });
}

/**
 * The workloads a Pulumi resource deploys: Kubernetes pod-holding kinds (typed or CustomResource tokens)
 * and ECS task definitions. Containers whose image is unknown at preview say so instead of passing.
 */
export function workloadsFromResource(resource: PulumiResource): Workload[] {
  const document = (value: unknown): SourceDocument => ({
    file: resource.urn,
    value,
    line: 1,
    column: 1,
    locate: () => undefined,
  });
  const k8s = kubernetesKind(resource.type);
  let workloads: Workload[] = [];
  let unknownPaths: PropPath[] = resource.props.unknownPaths;
  if (k8s) {
    workloads = workloadsFromKubernetes(document(named({ ...resource.props.value, ...k8s }, resource.name)));
  } else if (resource.type === ECS_TASK_DEFINITION) {
    const template = ecsContainerDefinitionsAsCloudFormation(resource.name, resource.props);
    if (!template) return [];
    workloads = workloadsFromCloudFormation(document(template.document));
    unknownPaths = template.unknownPaths;
  }
  for (const workload of workloads) {
    workload.origin = { format: 'pulumi', urn: resource.urn, logicalId: resource.name };
    if (resource.props.secretValues) {
      workload.secretValues = resource.props.secretValues;
      // Container facts are tainted where they are read; the object's own (KServe storageUri, ...) here.
      for (const fact of workload.specFacts ?? []) {
        if (derivedFromSecret(fact.value, workload.secretValues)) fact.secret = true;
      }
    }
    for (const container of workload.containers) {
      const imageKey = resource.type === ECS_TASK_DEFINITION ? 'Image' : 'image';
      const imagePath = container.path && [...container.path, imageKey];
      if (imagePath && unknownPaths.some((path) => pathWithin(imagePath, path))) {
        container.image = undefined;
        container.imageUnknown = 'unknown at preview: computed from another resource';
      }
    }
  }
  return workloads;
}

/**
 * An object with no `metadata.name` (nor `generateName`) gets one from the provider's Check (auto-naming,
 * `<name>-<suffix>`), which an engine may not have run yet, or its name is unknown at preview: either way
 * the workload goes by its Pulumi resource name rather than being unreadable.
 */
function named(object: Record<string, unknown>, pulumiName: string): Record<string, unknown> {
  const metadata = object.metadata ?? {};
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return object;
  const { name, generateName } = metadata as Record<string, unknown>;
  if ((name !== undefined && name !== '') || (generateName !== undefined && generateName !== ''))
    return object;
  return { ...object, metadata: { ...metadata, name: pulumiName } };
}
