import { append } from '../append';
import type { ReferencePlace } from '../data/workload-kinds';
import type { SourceDocument } from '../loaders/documents';
import type { Container, EnvVar, SecretRef, Workload } from '../model/workload';
import { listAt, recordAt, recordsAt, requiredText, shapeError, textAt } from './fields';
import { envVar, gpuCount } from './kubernetes-container';
import type { Reached } from './pod-places';
import { podSecretRefs } from './pod-secret-refs';

type Path = (string | number)[];
type Via = ReferencePlace['via'];

/** What a reference said, kept for linkWorkloads. */
export interface PodsReference {
  via: Via;
  /** The referenced object: its kind (absent: any the reference allows) and name, or a model format. */
  kind?: string;
  name?: string;
  modelFormat?: string;
  path: Path;
}

/**
 * The pods of a place whose pods come from another object, as far as this object says: one container
 * that says where its image comes from ("cannot verify" until linkWorkloads finds that object in the
 * inputs), with what the object adds itself (a KServe model's env, args and GPUs; a TrainJob's
 * trainer image, env and args).
 */
export function referencedPods(
  doc: SourceDocument,
  object: Record<string, unknown>,
  reached: Reached,
  via: Via,
): { containers: Container[]; secretRefs: SecretRef[]; reference: PodsReference } {
  const { value, path } = reached;
  const secretRefs: SecretRef[] = [];
  if (via === 'kserve-model') {
    const runtime = textAt(doc, value.runtime, [...path, 'runtime']);
    const formatPath = [...path, 'modelFormat'];
    const format = textAt(doc, recordAt(doc, value.modelFormat, formatPath)?.name, [...formatPath, 'name']);
    const from = runtime
      ? `the ServingRuntime "${runtime}" (model.runtime)`
      : `a ServingRuntime that supports model format "${format ?? 'unnamed'}" (model.modelFormat)`;
    const container = engineContainer(
      doc,
      value,
      path,
      'kserve-container',
      secretRefs,
      `comes from ${from}, which is not in the inputs`,
    );
    // The predictor around `model:` is a PodSpec too: its image pull secrets and volumes are the pod's.
    const predictorPath = path.slice(0, -1);
    const predictor = recordAt(
      doc,
      recordAt(doc, object.spec, predictorPath.slice(0, -1))?.predictor,
      predictorPath,
    );
    if (predictor) append(secretRefs, podSecretRefs(doc, predictor, predictorPath));
    const reference = {
      via,
      path,
      ...(runtime ? { name: runtime } : {}),
      ...(format ? { modelFormat: format } : {}),
    };
    return { containers: [container], secretRefs, reference };
  }
  const name = requiredText(doc, value, 'name', path);
  if (via === 'workload-ref') {
    const kind = textAt(doc, value.kind, [...path, 'kind']) ?? 'Deployment';
    const container = placeholder(
      name,
      `comes from ${kind} "${name}" (spec.workloadRef), which is not in the inputs`,
      path,
    );
    return { containers: [container], secretRefs, reference: { via, kind, name, path } };
  }
  const kind = textAt(doc, value.kind, [...path, 'kind']) ?? 'ClusterTrainingRuntime';
  // `spec.runtimeRef` → `spec.trainer`, wherever the object stands in its document.
  const specPath = path.slice(0, -1);
  const trainerPath = [...specPath, 'trainer'];
  const trainer = recordAt(doc, recordAt(doc, object.spec, specPath)?.trainer, trainerPath) ?? {};
  const container = engineContainer(
    doc,
    trainer,
    trainerPath,
    'node',
    secretRefs,
    `comes from ${kind} "${name}" (spec.runtimeRef), which is not in the inputs`,
  );
  return { containers: [container], secretRefs, reference: { via, kind, name, path } };
}

/**
 * A container from a KServe `model:` or a TrainJob `trainer:`: `image` when written (a trainer's), else
 * unknown for `why`; `env`, `command`, `args` and GPUs (`resources` or `resourcesPerNode`) as written.
 */
function engineContainer(
  doc: SourceDocument,
  value: Record<string, unknown>,
  path: Path,
  name: string,
  secretRefs: SecretRef[],
  why: string,
): Container {
  const image = textAt(doc, value.image, [...path, 'image']);
  const resources = value.resources ?? value.resourcesPerNode;
  return {
    name,
    ...(image ? { image } : { imageUnknown: why }),
    env: recordsAt(doc, value.env, [...path, 'env']).map(({ entry, path: entryPath }) =>
      envVar(doc, entry, entryPath, name, secretRefs),
    ),
    envFromSources: 0,
    command: texts(doc, value.command, [...path, 'command']),
    args: texts(doc, value.args, [...path, 'args']),
    gpus: gpuCount(doc, resources, [...path, value.resources ? 'resources' : 'resourcesPerNode']),
    kind: 'app',
    path,
  };
}

/** An app container whose image cannot be read here: `why` says where it comes from. */
export function placeholder(name: string, why: string, path: Path): Container {
  return {
    name,
    imageUnknown: why,
    env: [],
    envFromSources: 0,
    command: [],
    args: [],
    gpus: 0,
    kind: 'app',
    path,
  };
}

function texts(doc: SourceDocument, value: unknown, path: Path): string[] {
  return (listAt(doc, value, path) ?? []).map((item, index) => {
    const text = textAt(doc, item, [...path, index]);
    if (text === undefined) throw shapeError(doc, [...path, index], 'expected a string');
    return text;
  });
}

/** What linkWorkloads needs to know of a workload: its reference, or the object's model formats. */
export interface LinkView {
  reference?: PodsReference;
  /** A ServingRuntime's `spec.supportedModelFormats[]` that may be picked automatically. */
  autoSelectFormats?: string[];
}

/**
 * Workloads whose pods come from another object of the inputs, given those pods: a KServe `model:`
 * gets its ServingRuntime's containers (the model's env and args merged into `kserve-container`, as
 * KServe does), a TrainJob its training runtime's roles (the trainer's image, env and args on `node`).
 * A Rollout whose `workloadRef` names a Deployment of the inputs is dropped: its pods are that
 * Deployment's, which is checked itself. A reference nothing in the inputs answers stays as read: its
 * container says what cannot be verified. Copied containers keep no positions of the other object's
 * document; their Secrets are checked on that object, where they are written.
 */
export function linkReferences(
  workloads: readonly Workload[],
  view: (workload: Workload) => LinkView,
): Workload[] {
  // Candidates by name, and the runtimes a model format may pick: one pass, not one per reference.
  const byName = new Map<string, Workload[]>();
  const servingRuntimes: Workload[] = [];
  for (const workload of workloads) {
    const same = byName.get(workload.name);
    if (same) same.push(workload);
    else byName.set(workload.name, [workload]);
    if (workload.kind === 'ServingRuntime' || workload.kind === 'ClusterServingRuntime')
      servingRuntimes.push(workload);
  }
  const linked: Workload[] = [];
  for (const workload of workloads) {
    const reference = view(workload).reference;
    if (!reference) {
      linked.push(workload);
      continue;
    }
    const sameNamespace = (other: Workload) => other.namespace === workload.namespace;
    const named = (kinds: string[], clusterKind: string) => (other: Workload) =>
      kinds.includes(other.kind) &&
      other.name === reference.name &&
      (other.kind === clusterKind || sameNamespace(other)) &&
      !view(other).reference;
    const candidates = (reference.name && byName.get(reference.name)) || [];
    if (reference.via === 'workload-ref') {
      if (!candidates.some(named([reference.kind!], ''))) linked.push(workload);
      continue;
    }
    if (reference.via === 'kserve-model') {
      // A runtime of the namespace first, then a cluster-wide one, as KServe looks them up.
      const runtime = reference.name
        ? (candidates.find(named(['ServingRuntime'], '')) ??
          candidates.find(named(['ClusterServingRuntime'], 'ClusterServingRuntime')))
        : (servingRuntimes.find(
            (o) => o.kind === 'ServingRuntime' && sameNamespace(o) && supports(view(o), reference),
          ) ??
          servingRuntimes.find((o) => o.kind === 'ClusterServingRuntime' && supports(view(o), reference)));
      linked.push(
        runtime ? withPods(workload, workload.role, runtime.containers, 'kserve-container') : workload,
      );
      continue;
    }
    const kinds = [reference.kind!];
    const roles = candidates.filter(named(kinds, 'ClusterTrainingRuntime'));
    if (roles.length === 0) linked.push(workload);
    for (const role of roles) linked.push(withPods(workload, role.role, role.containers, 'node'));
  }
  return linked;
}

function supports(runtime: LinkView, reference: PodsReference): boolean {
  return (
    reference.modelFormat !== undefined && (runtime.autoSelectFormats ?? []).includes(reference.modelFormat)
  );
}

/**
 * The referencing workload with the other object's containers: the one named `merged` (else the first
 * app container) takes what the referencing object wrote itself (image, env by name, command, args, GPUs).
 */
function withPods(
  workload: Workload,
  role: string | undefined,
  containers: readonly Container[],
  merged: string,
): Workload {
  const own = workload.containers[0]!;
  const target =
    containers.find((c) => c.name === merged && c.kind === 'app') ?? containers.find((c) => c.kind === 'app');
  const copies = containers.map((container): Container => {
    // Positions of the other document mean nothing in this one: they fall back to the reference.
    const copy: Container = { ...container, env: container.env.map(withoutPath), path: own.path };
    if (container !== target || role !== workload.role) return copy;
    const env = new Map(copy.env.map((entry) => [entry.name, entry]));
    for (const entry of own.env) env.set(entry.name, entry);
    const mergedCopy: Container = {
      ...copy,
      env: [...env.values()],
      command: own.command.length ? own.command : copy.command,
      args: [...copy.args, ...own.args],
      gpus: own.gpus || copy.gpus,
    };
    if (own.image) {
      mergedCopy.image = own.image;
      delete mergedCopy.imageUnknown;
    }
    return mergedCopy;
  });
  return {
    ...workload,
    ...(role === undefined ? {} : { role }),
    containers: copies,
    // The object's own references (a model's env from a Secret) stay; the runtime's are checked there.
    secretRefs: role === workload.role ? workload.secretRefs : [],
  };
}

function withoutPath(entry: EnvVar): EnvVar {
  const { path: _, ...rest } = entry;
  return rest;
}
