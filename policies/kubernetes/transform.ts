import * as pulumi from '@pulumi/pulumi';
import { InputError } from '../../core/errors';
import { workloadsFromKubernetes } from '../../core/workloads';
import {
  type DeviceClaimObject,
  deviceClaimObjects,
  resolveDeviceClaims,
} from '../../core/workloads/device-claims';
import { podSpecPath } from '../../core/workloads/pod-spec-path';
import { kubernetesKind } from '../adapters/workloads';
import { probePod } from './pod-spec';
import { probeRbac } from './probe-rbac';
import { probeSettings, type RuntimeProbeOptions } from './probe-settings';
import { plainView } from './pulumi-inputs';

type Manifest = Record<string, unknown>;

/** The pod-template kinds the transform attaches the probe to, by Pulumi type token. */
export const PROBED_TYPES = [
  'kubernetes:apps/v1:Deployment',
  'kubernetes:apps/v1:StatefulSet',
  'kubernetes:apps/v1:DaemonSet',
  'kubernetes:apps/v1:ReplicaSet',
  'kubernetes:batch/v1:Job',
  'kubernetes:batch/v1:CronJob',
  'kubernetes:core/v1:Pod',
] as const;

/**
 * A Pulumi resource transformation that attaches the runtime probe to every GPU workload it sees (see
 * `attachRuntimeProbe`), and creates the probe's ServiceAccount, Role and RoleBinding beside it, with
 * the workload's provider; the workload depends on the RoleBinding. Register it once per stack with
 * `registerRuntimeProbe`, or give it as the `transformations` option of a component or resource.
 * It runs in the program's process, so it reaches every resource the program constructs (a Helm v3
 * `Chart`'s children too, which the SDK constructs from the provider's rendering), never the children of
 * remote components (Helm v4 `Chart`, `yaml/v2`), which the provider registers itself.
 * A workload it cannot attach to (no command, no known CUDA) fails the program: a clear error at preview.
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
    if (!(PROBED_TYPES as readonly string[]).includes(args.type)) return undefined;
    const { apiVersion, kind } = resourceKind!;
    const { view, readable, computed, isStandIn, restore } = plainView(args.props as Manifest);
    const specPath = podSpecPath(apiVersion, kind)!;
    const name = (readable.metadata as Manifest | undefined)?.name;
    const workloadName = typeof name === 'string' && !isStandIn(name) ? name : args.name;
    let probed: ReturnType<typeof probePod>;
    try {
      const [workload] = workloadsFromKubernetes({
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
      resolveDeviceClaims([workload!], deviceClaims);
      const template = (objectAt(view, specPath.slice(0, -1)).metadata ?? {}) as Manifest;
      probed = probePod(
        workload!,
        objectAt(view, specPath),
        {
          annotations: plainMap(template.annotations),
          labels: plainMap(template.labels),
        },
        settings,
      );
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      // A shape error has a position in the resource; the probe's own errors already name the workload.
      const hint = computed ? ' (values computed from other resources cannot be read before deploy)' : '';
      const field = error.field ? `${error.field}: ` : '';
      const text = error.location ? `${args.type} ${args.name}: ${field}${error.message}` : error.describe();
      throw new InputError(`${text}${hint}`);
    }
    if (!probed) return undefined;
    const props = restore(replaceAt(view, specPath, probed.spec));
    const namespace = (view.metadata as Manifest | undefined)?.namespace as string | undefined;
    const binding = createRbac(args, workloadName, namespace, probed, restore);
    return {
      props,
      opts: binding ? { ...args.opts, dependsOn: withDependency(args.opts.dependsOn, binding) } : args.opts,
    };
  };
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

/** The ServiceAccount (when the pod had none), Role and RoleBinding, as raw kubernetes resources. */
function createRbac(
  args: pulumi.ResourceTransformationArgs,
  workloadName: string,
  /** As written: a string, a stand-in for a computed one, or absent. */
  namespace: string | undefined,
  probed: NonNullable<ReturnType<typeof probePod>>,
  restore: <T>(value: T) => T,
): pulumi.Resource | undefined {
  const objects = restore(
    probeRbac({
      name: workloadName,
      namespace,
      secretNames: probed.secretNames,
      serviceAccountName: probed.serviceAccountName,
      createServiceAccount: probed.createServiceAccount,
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
      const [subject] = object.subjects as Manifest[];
      object.subjects = [{ ...subject, namespace: roleNamespace }];
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

function objectAt(value: Manifest, path: readonly string[]): Manifest {
  return path.reduce<Manifest>((current, key) => (current[key] ?? {}) as Manifest, value);
}

function replaceAt(value: Manifest, path: readonly string[], replacement: Manifest): Manifest {
  if (path.length === 0) return replacement;
  const [key, ...rest] = path as [string, ...string[]];
  return { ...value, [key]: replaceAt((value[key] ?? {}) as Manifest, rest, replacement) };
}

function plainMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== 'object') return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
