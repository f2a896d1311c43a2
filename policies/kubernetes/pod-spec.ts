import { InputError } from '../../core/errors';
import { DEFAULT_CONFIG } from '../../core/model/config';
import { wrappedCommand } from '../../core/model/probe-layout';
import { type SecretRef, type Workload, workloadTarget } from '../../core/model/workload';
import { gpuProbeAttached } from '../../core/rules/gpu-probe-attached';
import { workloadsFromKubernetes } from '../../core/workloads';
import { APP_MOUNT, probeInitContainers, probeVolumes } from './probe-containers';
import {
  API_VOLUME,
  CUDA_CONTAINER,
  INSTALL_CONTAINER,
  SECRETS_CONTAINER,
  SHARED_VOLUME,
} from './probe-layout';
import { type ProbeSettings, probeSettings, type RuntimeProbeOptions } from './probe-settings';
import { type WorkloadCuda, workloadCuda } from './workload-cuda';

type Manifest = Record<string, unknown>;

/** A pod spec and the metadata that decides whether and how the probe is attached. */
export interface PodWorkload {
  /** For messages: `Deployment`, `Job`, ... (default `Pod`). */
  kind?: string;
  name: string;
  namespace?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  /** The pod template's own annotations and labels, when the workload has a template. */
  template?: { annotations?: Record<string, string>; labels?: Record<string, string> };
  spec: Manifest;
}

/** What attaching changed, and what the cluster must grant for it to work. */
export interface ProbedPod {
  spec: Manifest;
  /** The Secrets the boot checkpoint waits for: exactly what the Role lets the probe get. */
  secretNames: string[];
  /** The ServiceAccount the Role is bound to: the pod's own, or one made for the probe. */
  serviceAccountName?: string;
  /** True when the pod had no ServiceAccount and `serviceAccountName` must be created. */
  createServiceAccount: boolean;
  cuda?: WorkloadCuda;
}

/**
 * Attaches the runtime probe to one pod spec (plain values, as in a manifest): init containers for the
 * CUDA check and the boot checkpoint, the shared volume, the wrapper in front of the app's command.
 * Undefined when the pod requests no GPU (and `selector` does not pick it), or already runs the probe.
 * Create the RBAC objects of `probeRbac` beside it.
 */
export function attachRuntimeProbe(
  pod: PodWorkload,
  options: RuntimeProbeOptions | ProbeSettings = {},
): ProbedPod | undefined {
  const settings = 'cards' in options ? options : probeSettings(options);
  const metadata = {
    name: pod.name,
    namespace: pod.namespace,
    annotations: pod.annotations,
    labels: pod.labels,
  };
  const [workload] = workloadsFromKubernetes({
    file: `${pod.kind ?? 'Pod'}/${pod.name}`,
    value: { apiVersion: 'v1', kind: 'Pod', metadata: JSON.parse(JSON.stringify(metadata)), spec: pod.spec },
    line: 1,
    column: 1,
    locate: () => undefined,
  });
  workload!.kind = pod.kind ?? 'Pod';
  return probePod(workload!, pod.spec, pod.template ?? {}, settings);
}

/** The same for a workload already read by core (the Pulumi transform's way in). */
export function probePod(
  workload: Workload,
  spec: Manifest,
  template: NonNullable<PodWorkload['template']>,
  settings: ProbeSettings,
): ProbedPod | undefined {
  const gpuContainers = workload.containers.filter(
    (container) => container.kind === 'app' && container.gpus > 0,
  );
  const selected =
    gpuContainers.length > 0 ||
    (Object.keys(settings.selector).length > 0 &&
      [workload.labels, template.labels ?? {}].some((labels) =>
        Object.entries(settings.selector).every(([key, value]) => labels[key] === value),
      ));
  if (!selected || alreadyProbed(workload)) return undefined;
  const target = workloadTarget(workload);
  refuseNameClashes(target, spec);

  const cuda = workloadCuda(workload, template.annotations ?? {}, settings);
  const secretNames = checkpointSecrets(workload.secretRefs);
  const wrapped = new Set(
    (gpuContainers.length ? gpuContainers : workload.containers.filter((c) => c.kind === 'app')).map(
      (c) => c.name,
    ),
  );
  const containers = (spec.containers as Manifest[]).map((container) =>
    wrapped.has(container.name as string) ? wrappedContainer(target, container) : container,
  );
  const own = (spec.serviceAccountName ?? spec.serviceAccount) as string | undefined;
  const createServiceAccount = secretNames.length > 0 && own === undefined;
  const serviceAccountName = secretNames.length === 0 ? own : (own ?? probeObjectName(workload.name));
  return {
    spec: {
      ...spec,
      ...(createServiceAccount ? { serviceAccountName } : {}),
      initContainers: [
        ...probeInitContainers({
          image: settings.image,
          mode: settings.mode,
          cuda: cuda?.cuda,
          secretNames,
          secretTimeoutSeconds: settings.secretTimeoutSeconds,
        }),
        ...((spec.initContainers as Manifest[] | undefined) ?? []),
      ],
      containers,
      volumes: [...((spec.volumes as Manifest[] | undefined) ?? []), ...probeVolumes(secretNames.length > 0)],
    },
    secretNames,
    ...(serviceAccountName === undefined ? {} : { serviceAccountName }),
    createServiceAccount,
    ...(cuda ? { cuda } : {}),
  };
}

/** `<name>-preflight-probe`: the probe's ServiceAccount, Role and RoleBinding. */
export function probeObjectName(workloadName: string): string {
  const base = workloadName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${base.slice(0, 200) || 'workload'}-preflight-probe`;
}

/**
 * The references the app needs at start: env, envFrom and secret volumes, not optional ones. Image
 * pull secrets and CSI or plugin volume secrets are the kubelet's, used before any init container runs.
 */
function checkpointSecrets(refs: readonly SecretRef[]): string[] {
  const vias = new Set([
    'env[].valueFrom.secretKeyRef',
    'envFrom[].secretRef',
    'volumes[].secret',
    'volumes[].projected.sources[].secret',
  ]);
  return [...new Set(refs.filter((ref) => vias.has(ref.via) && !ref.optional).map((ref) => ref.name))];
}

/** A probe attached by hand, or by this transform on an earlier pass, stays as it is. */
function alreadyProbed(workload: Workload): boolean {
  const outcome = gpuProbeAttached.check({
    workloads: [
      { ...workload, containers: workload.containers.map((c) => ({ ...c, gpus: c.kind === 'app' ? 1 : 0 })) },
    ],
    cards: [],
    bindings: [],
    secretProviders: [],
    config: DEFAULT_CONFIG,
  });
  return outcome.passed.length > 0;
}

function refuseNameClashes(target: string, spec: Manifest): void {
  const taken = (list: unknown, names: string[]) =>
    ((list as Manifest[] | undefined) ?? [])
      .map((entry) => entry.name)
      .find((name) => names.includes(name as string));
  const volume = taken(spec.volumes, [SHARED_VOLUME, API_VOLUME]);
  const container = taken(spec.initContainers, [INSTALL_CONTAINER, CUDA_CONTAINER, SECRETS_CONTAINER]);
  const clash = volume ?? container;
  if (clash !== undefined) {
    throw new InputError(
      `${target} already has a ${volume !== undefined ? 'volume' : 'init container'} named "${clash}", which the runtime probe uses: rename it`,
    );
  }
}

function wrappedContainer(target: string, container: Manifest): Manifest {
  const command = container.command;
  if (!Array.isArray(command) || command.length === 0) {
    throw new InputError(
      `${target}: container ${container.name} declares no command, so the runtime probe's wrapper cannot go in front of it (the image's entrypoint is not known before deploy): declare command (the image's ENTRYPOINT) and args`,
    );
  }
  return {
    ...container,
    command: wrappedCommand(command),
    volumeMounts: [...((container.volumeMounts as Manifest[] | undefined) ?? []), APP_MOUNT],
  };
}
