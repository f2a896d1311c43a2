import type { Fact } from './facts';
import type { Locate, Location } from './location';

/** Where a workload came from. */
export interface Origin {
  /** The front or file format it was read from. */
  format: 'kubernetes' | 'cloudformation' | 'pulumi' | 'cdk';
  file?: string;
  line?: number;
  column?: number;
  /** Pulumi URN. */
  urn?: string;
  /** CloudFormation logical id or CDK construct path. */
  logicalId?: string;
  /** The conditions (`Fn::If`) this reading of a CloudFormation resource takes: `when condition UseGPU`. */
  when?: string;
  /** Positions of paths from the root of the document the workload came from (a List item or CFN resource included). */
  locate?: Locate;
}

/** A reference to a secret. Never carries a value. */
export interface SecretRef {
  /** Kubernetes Secret name, or for ECS the `valueFrom` ARN / SSM parameter name. */
  name: string;
  key?: string;
  optional?: boolean;
  /** Which field references it, e.g. `env[].valueFrom.secretKeyRef`, `volumes[].secret`, `secrets[].valueFrom`. */
  via: string;
  /** The container that references it; absent for pod-level references (volumes, imagePullSecrets). */
  container?: string;
  /** Path of the reference inside the workload object, for positions. */
  path?: (string | number)[];
}

export interface EnvVar {
  name: string;
  /** Literal value; absent when it comes from a secret, a config map or a field ref. */
  value?: string;
  /** Set when the value comes from a secret. The value itself is never read. */
  fromSecret?: boolean;
  /** Path of this entry inside the workload object, for positions. */
  path?: (string | number)[];
}

export interface Container {
  name: string;
  /**
   * The image reference as written. Undefined when it is computed at deploy time
   * (a CloudFormation intrinsic, a Pulumi output unknown at preview); see `imageUnknown`.
   */
  image?: string;
  /** Why the image cannot be read statically, e.g. `Fn::Join`, `unknown at preview`. */
  imageUnknown?: string;
  env: EnvVar[];
  /** Containers that import env from whole Secrets/ConfigMaps (`envFrom`): their names are not known statically. */
  envFromSources: number;
  command: string[];
  args: string[];
  /**
   * Requested `nvidia.com/gpu` (k8s limits/requests) or ECS `resourceRequirements` GPU count, plus the
   * NVIDIA GPUs of its resolved Dynamic Resource Allocation claims.
   */
  gpus: number;
  /** The DRA claims it uses (`resources.claims[]`, k8s); absent when none. */
  deviceClaims?: DeviceClaimUse[];
  kind: 'app' | 'init' | 'ephemeral' | 'sidecar';
  /** Path of the container object inside the workload object. */
  path?: (string | number)[];
}

/** A container's use of a Dynamic Resource Allocation claim (`resources.claims[]`). */
export interface DeviceClaimUse {
  /** The pod's `resourceClaims[].name` it names. */
  name: string;
  /** The one request of the claim it uses, when it names one. */
  request?: string;
  /** What that pod entry points at; absent when the pod has no such entry. */
  source?: { kind: 'ResourceClaimTemplate' | 'ResourceClaim'; name: string };
  /** NVIDIA GPUs it gets, once resolved against the claims in the inputs; undefined when unresolved. */
  gpus?: number;
  path?: (string | number)[];
}

/** A node label a pod requires, and how it says so. */
export interface NodeLabel {
  value: string;
  /** `nodeSelector`, or a required node-affinity `In` expression with this one value. */
  via: 'nodeSelector' | 'nodeAffinity';
  /** Path of the value inside the workload object, for positions. */
  path?: (string | number)[];
}

/**
 * One deployable unit with its containers: one pod template of an object. An object with several pod
 * templates (a LeaderWorkerSet's leader and workers, a RayCluster's head and worker groups) is read as
 * one Workload per template, each with its `role`, so that every rule judges each kind of pod on its own.
 */
export interface Workload {
  /** `Deployment`, `StatefulSet`, `LeaderWorkerSet`, `InferenceService`, `AWS::ECS::TaskDefinition`, ... */
  kind: string;
  name: string;
  namespace?: string;
  /**
   * The pod template's role in its object (`leader`, `worker`, `head`, a Ray worker group or JobSet
   * job name, `predictor`); absent for a kind with one pod template.
   */
  role?: string;
  containers: Container[];
  annotations: Record<string, string>;
  labels: Record<string, string>;
  /** Every secret reference of the workload, pod-level and container-level. */
  secretRefs: SecretRef[];
  /** The `SecretProviderClass`es the pod mounts as Secrets Store CSI volumes (k8s); absent when none. */
  csiSecretProviderClasses?: string[];
  /**
   * Labels every node the pod may run on has (k8s): its `nodeSelector`, and the single-value `In`
   * expressions that every required node-affinity term shares. Absent when none.
   */
  nodeLabels?: Record<string, NodeLabel>;
  /**
   * False when the object holds no pod template: an operator builds the pod from fields of its own
   * (NIMService, VLLMRuntime, a KAITO preset), so nothing can be added to the pod from outside.
   */
  podTemplate?: false;
  /**
   * What the object's own fields say about the runtime of this role's app containers (KServe
   * `storageUri`, Ray `runtime_env` pins, `spec.model.uri`); absent when none.
   */
  specFacts?: Fact[];
  /** The operator writes the command of a container that gives none (see WorkloadKind.commandByOperator). */
  commandByOperator?: string;
  /**
   * Values that arrived marked secret (Pulumi `secret()`): facts read from them are tainted, and no
   * output shows them (secret-value.ts). Absent when none.
   */
  secretValues?: readonly string[];
  origin: Origin;
}

/**
 * A short human name for a workload: `Deployment/llm/vllm`, `LeaderWorkerSet/llm/vllm worker` (the
 * role follows) or `AWS::ECS::TaskDefinition GpuTask`.
 */
export function workloadTarget(workload: Workload): string {
  if (workload.origin.format === 'cloudformation' || workload.origin.format === 'cdk') {
    const when = workload.origin.when ? ` (${workload.origin.when})` : '';
    return `${workload.kind} ${workload.origin.logicalId ?? workload.name}${when}`;
  }
  const ns = workload.namespace ? `${workload.namespace}/` : '';
  return `${workload.kind}/${ns}${workload.name}${workload.role === undefined ? '' : ` ${workload.role}`}`;
}

/** How many objects the workloads come from: the roles of one object count once. */
export function workloadObjectCount(workloads: readonly Workload[]): number {
  const objects = new Set<string>();
  for (const workload of workloads) {
    const { origin } = workload;
    const at = origin.urn ?? `${origin.file}:${origin.line}:${origin.column}:${origin.logicalId}`;
    objects.add(`${at} ${workload.kind}/${workload.namespace}/${workload.name}`);
  }
  return objects.size;
}

/** Where a path inside a workload stands in its source, falling back to the workload's own position. */
export function locateIn(workload: Workload, path?: readonly (string | number)[]): Location | undefined {
  const found = path && workload.origin.locate?.(path);
  if (found) return found;
  if (!workload.origin.file) return undefined;
  return { file: workload.origin.file, line: workload.origin.line, column: workload.origin.column };
}

/** Path of a container's image field: `image` in pod specs, `Image` in ECS container definitions. */
export function imagePath(workload: Workload, container: Container): (string | number)[] | undefined {
  const key =
    workload.origin.format === 'cloudformation' || workload.origin.format === 'cdk' ? 'Image' : 'image';
  return container.path && [...container.path, key];
}
