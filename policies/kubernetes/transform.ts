import * as pulumi from '@pulumi/pulumi';
import { InputError } from '../../core/errors';
import { type Workload, workloadTarget } from '../../core/model/workload';
import { apiGroup, BUILT_IN_KINDS, workloadsFromKubernetes } from '../../core/workloads';
import {
  type DeviceClaimObject,
  deviceClaimObjects,
  resolveDeviceClaims,
} from '../../core/workloads/device-claims';
import { kubernetesKind } from '../adapters/workloads';
import { probePod } from './pod-spec';
import { probeRbac } from './probe-rbac';
import { probeSettings, type RuntimeProbeOptions } from './probe-settings';
import { plainView } from './pulumi-inputs';

type Manifest = Record<string, unknown>;
type Path = (string | number)[];

/**
 * A Pulumi resource transformation that attaches the runtime probe to every GPU pod template it sees
 * (see `attachRuntimeProbe`): each pod template of every kind in the workload kinds table
 * (core/data/workload-kinds.ts), typed resources and `apiextensions.CustomResource` alike, so each
 * LeaderWorkerSet leader and worker, each Ray group that requests GPUs, a KServe predictor with
 * containers, each JobSet replicated job. It creates the probe's ServiceAccount, Role and RoleBinding
 * beside the object, with its provider: one set per object, the Role covering the Secrets of all its
 * probed templates; the object depends on the RoleBinding. Register it once per stack with
 * `registerRuntimeProbe`, or give it as the `transformations` option of a component or resource.
 * It runs in the program's process, so it reaches every resource the program constructs (a Helm v3
 * `Chart`'s children too, which the SDK constructs from the provider's rendering), never the children of
 * remote components (Helm v4 `Chart`, `yaml/v2`), which the provider registers itself.
 * A workload it cannot attach to (no command, no known CUDA) fails the program: a clear error at preview.
 * A kind whose operator builds the pod (NIMService, VLLMRuntime, a KAITO preset, a KServe `model:`)
 * has no template to attach to: a warning says so and what to do instead, and the program goes on (the
 * pack's gpu-probe-attached still reports it).
 */
export function runtimeProbeTransformation(options: RuntimeProbeOptions = {}): pulumi.ResourceTransformation {
  const settings = probeSettings(options);
  // DRA claim templates, claims and device classes the program constructed so far: a pod's GPUs may
  // come through them. One the transform has not seen leaves the pod unprobed (the policy notes it).
  const deviceClaims: DeviceClaimObject[] = [];
  return (args) => {
    const resourceKind = kubernetesKind(args.type);
    if (resourceKind?.apiVersion.startsWith('resource.k8s.io/')) {
      const value = { ...plainView(args.props as Manifest).readable, ...resourceKind };
      try {
        const document = { file: args.name, value, line: 1, column: 1, locate: () => undefined };
        deviceClaims.push(...deviceClaimObjects(document));
      } catch (error) {
        // A claim of the wrong shape is the provider's to refuse; here it only resolves nothing.
        if (!(error instanceof InputError)) throw error;
      }
      return undefined;
    }
    if (!resourceKind || !BUILT_IN_KINDS.find(resourceKind.apiVersion, resourceKind.kind)) return undefined;
    const { apiVersion, kind } = resourceKind;
    const { view, readable, computed, isStandIn, restore } = plainView(args.props as Manifest);
    const name = (readable.metadata as Manifest | undefined)?.name;
    const workloadName = typeof name === 'string' && !isStandIn(name) ? name : args.name;
    const probed: { path: Path; pod: NonNullable<ReturnType<typeof probePod>> }[] = [];
    try {
      const workloads = workloadsFromKubernetes({
        file: args.name,
        value: {
          ...readable,
          apiVersion,
          kind,
          metadata: { ...(readable.metadata as Manifest | undefined), name: workloadName },
        },
        line: 1,
        column: 1,
        locate: () => undefined,
      });
      resolveDeviceClaims(workloads, deviceClaims);
      for (const workload of workloads) {
        const specPath = podSpecPathOf(workload);
        if (!specPath) {
          warnNoPodTemplate(workload);
          continue;
        }
        // A template's own metadata: beside its `spec` (a PodSpec-like place has none).
        const template = (objectAt(view, specPath.slice(0, -1)).metadata ?? {}) as Manifest;
        const pod = probePod(
          workload,
          objectAt(view, specPath),
          { annotations: plainMap(template.annotations), labels: plainMap(template.labels) },
          settings,
        );
        if (pod) probed.push({ path: specPath, pod });
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // A shape error has a position in the resource; the probe's own errors already name the workload.
      const hint = computed ? ' (values computed from other resources cannot be read before deploy)' : '';
      const field = error.field ? `${error.field}: ` : '';
      const text = error.location ? `${args.type} ${args.name}: ${field}${error.message}` : error.describe();
      throw new InputError(`${text}${hint}`);
    }
    if (probed.length === 0) return undefined;
    const note = ADMISSION_NOTES[`${apiGroup(apiVersion)}/${kind}`];
    if (note) pulumi.log.warn(`preflight-guard: runtime probe attached to ${kind} ${workloadName}: ${note}.`);
    const props = restore(probed.reduce((object, { path, pod }) => replaceAt(object, path, pod.spec), view));
    const namespace = (view.metadata as Manifest | undefined)?.namespace as string | undefined;
    const binding = createRbac(
      args,
      workloadName,
      namespace,
      probed.map(({ pod }) => pod),
      restore,
    );
    return {
      props,
      opts: binding ? { ...args.opts, dependsOn: withDependency(args.opts.dependsOn, binding) } : args.opts,
    };
  };
}

/**
 * What a kind's controller must allow for the probe's additions to be accepted, said once per object
 * when the probe is attached to it.
 */
const ADMISSION_NOTES: Record<string, string> = {
  // docs.openshift.com serverless config-applications/init-containers; knative config-features.
  'serving.knative.dev/Service':
    'Knative Serving admits init containers only with the feature flag `kubernetes.podspec-init-containers: enabled` (config-features ConfigMap, or spec.config.features of the KnativeServing resource)',
};

/**
 * Where a workload's pod spec is in its object: the parent of its `containers` list. Undefined when its
 * pods are not described in the object (the operator builds them, or another object holds them).
 */
function podSpecPathOf(workload: Workload): Path | undefined {
  if (workload.podTemplate === false) return undefined;
  const path = workload.containers.find(
    (container) => container.path?.at(-2) === 'containers' && typeof container.path.at(-1) === 'number',
  )?.path;
  return path?.slice(0, -2);
}

function warnNoPodTemplate(workload: Workload): void {
  const from = workload.containers.find((container) => container.imageUnknown)?.imageUnknown;
  const why =
    workload.podTemplate === false
      ? 'its operator builds the pod, so there is no pod template to attach it to'
      : `its pods are not described in this object (${from ?? 'they come from another object'})`;
  pulumi.log.warn(
    `preflight-guard: the runtime probe cannot be attached to ${workloadTarget(workload)}: ${why}. ` +
      "Run `probe cuda` first in the image's entrypoint (with-preflight-env), or attach the probe to " +
      "the object that holds the pod template when the program creates it; the policy pack's " +
      'gpu-probe-attached still reports this workload.',
  );
}

/** Registers the transformation for every resource the program constructs from now on. */
export function registerRuntimeProbe(options: RuntimeProbeOptions = {}): void {
  pulumi.runtime.registerStackTransformation(runtimeProbeTransformation(options));
}

/**
 * A Kubernetes object registered by its type token: the library does not depend on @pulumi/kubernetes,
 * the provider plugin the program already uses serves it.
 */
class KubernetesObject extends pulumi.CustomResource {
  declare readonly metadata: pulumi.Output<Manifest>;
  constructor(type: string, name: string, props: Manifest, opts: pulumi.CustomResourceOptions) {
    super(type, name, props, opts);
  }
}

/**
 * The ServiceAccount (when a probed template had none), Role and RoleBinding of one object, as raw
 * kubernetes resources: the Role lets the probe get the Secrets of every probed template, bound to
 * every ServiceAccount those templates run as.
 */
function createRbac(
  args: pulumi.ResourceTransformationArgs,
  workloadName: string,
  /** As written: a string, a stand-in for a computed one, or absent. */
  namespace: string | undefined,
  probed: readonly NonNullable<ReturnType<typeof probePod>>[],
  restore: <T>(value: T) => T,
): pulumi.Resource | undefined {
  const objects = restore(
    probeRbac({
      name: workloadName,
      namespace,
      secretNames: [...new Set(probed.flatMap((pod) => pod.secretNames))],
      serviceAccountNames: [
        ...new Set(
          probed.flatMap((pod) =>
            pod.secretNames.length && pod.serviceAccountName !== undefined ? [pod.serviceAccountName] : [],
          ),
        ),
      ],
      createServiceAccount: probed.some((pod) => pod.createServiceAccount),
    }),
  );
  if (objects.length === 0) return undefined;
  const opts: pulumi.CustomResourceOptions = {
    parent: args.opts.parent,
    provider: args.opts.provider,
    version: args.opts.version,
    pluginDownloadURL: args.opts.pluginDownloadURL,
  };
  let role: KubernetesObject | undefined;
  let binding: KubernetesObject | undefined;
  for (const object of objects) {
    const kind = object.kind as string;
    const group = object.apiVersion === 'v1' ? 'core/v1' : (object.apiVersion as string);
    if (kind === 'RoleBinding' && namespace === undefined && role) {
      // No namespace given: the provider's default decides; the subject must name the same one.
      const roleNamespace = role.metadata.apply((metadata) => metadata.namespace);
      object.subjects = (object.subjects as Manifest[]).map((subject) => ({
        ...subject,
        namespace: roleNamespace,
      }));
    }
    const resource = new KubernetesObject(
      `kubernetes:${group}:${kind}`,
      `${args.name}-preflight-probe`,
      object,
      opts,
    );
    if (kind === 'Role') role = resource;
    if (kind === 'RoleBinding') binding = resource;
  }
  return binding;
}

function withDependency(
  dependsOn: pulumi.CustomResourceOptions['dependsOn'],
  resource: pulumi.Resource,
): pulumi.CustomResourceOptions['dependsOn'] {
  if (dependsOn === undefined) return [resource];
  if (Array.isArray(dependsOn)) return [...dependsOn, resource];
  if (pulumi.Resource.isInstance(dependsOn)) return [dependsOn, resource];
  // A computed list: resolved, then extended.
  return (
    pulumi.output(dependsOn as pulumi.Input<pulumi.Resource[]>) as pulumi.Output<pulumi.Resource[]>
  ).apply((list) => [...list, resource]);
}

function objectAt(value: Manifest, path: readonly (string | number)[]): Manifest {
  return path.reduce<Manifest>(
    (current, key) => ((current as Record<string | number, unknown>)[key] ?? {}) as Manifest,
    value,
  );
}

function replaceAt(value: Manifest, path: readonly (string | number)[], replacement: Manifest): Manifest {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path as [string | number, ...(string | number)[]];
  const inner = replaceAt(
    ((value as Record<string | number, unknown>)[key] ?? {}) as Manifest,
    rest,
    replacement,
  );
  if (Array.isArray(value)) return value.map((item, index) => (index === key ? inner : item)) as never;
  return { ...value, [key]: inner };
}

function plainMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
