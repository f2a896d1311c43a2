import { append } from '../append';
import type { PodPlace, WorkloadKind } from '../data/workload-kinds';
import { specFacts } from '../facts/spec-facts';
import type { SourceDocument } from '../loaders/documents';
import type { Container, SecretRef, Workload } from '../model/workload';
import { containerFromView } from './container-view';
import { csiSecretProviderClasses } from './csi-secret-provider-classes';
import { linkPodClaims } from './device-claims';
import { recordAt, recordsAt, shapeError, textAt, textMapAt } from './fields';
import { kubernetesContainer } from './kubernetes-container';
import { type KubernetesObjectAt, kubernetesObjects } from './kubernetes-objects';
import { nodeLabels } from './node-labels';
import { type Reached, reachAt, valueAt } from './pod-places';
import { podSecretRefs } from './pod-secret-refs';
import {
  type LinkView,
  linkReferences,
  type PodsReference,
  placeholder,
  referencedPods,
} from './referenced-pods';
import { BUILT_IN_KINDS, parsePodPath, placePath, type WorkloadKinds } from './workload-kinds';

type Path = (string | number)[];

const CONTAINER_LISTS = [
  ['initContainers', 'init'],
  ['containers', 'app'],
  ['ephemeralContainers', 'ephemeral'],
] as const;

/** What one place gives: the role's containers and pod-level reads, before the object's metadata. */
type Pods = Pick<
  Workload,
  'containers' | 'secretRefs' | 'csiSecretProviderClasses' | 'nodeLabels' | 'role' | 'podTemplate'
> & {
  reference?: PodsReference;
};

/** What linkWorkloads needs of the workloads read here: references, and ServingRuntimes' formats. */
const linkViews = new WeakMap<Workload, LinkView>();

/**
 * The workloads of all the inputs with the pods that come from another object filled in from it, when
 * that object is among them (a KServe `model:` from its ServingRuntime, a TrainJob from its training
 * runtime; a Rollout whose `workloadRef` Deployment is there is left to that Deployment). Run it once
 * over every workload read from a set of inputs; the order is kept.
 */
export function linkWorkloads(workloads: readonly Workload[]): Workload[] {
  return linkReferences(workloads, (workload) => linkViews.get(workload) ?? {});
}

/**
 * The workloads of one Kubernetes document: one per pod template of each object whose kind the
 * built-in table knows, or of each item of a `List`. Other kinds (Secrets included: their data is never
 * read) give none. Paths are from the document root, so `origin.locate` is the document's own.
 */
export function workloadsFromKubernetes(doc: SourceDocument): Workload[] {
  return readWorkloads(doc, BUILT_IN_KINDS);
}

/** workloadsFromKubernetes for a table with the user's kinds (`workloadKinds(config.workloads.kinds)`). */
export function kubernetesWorkloadReader(kinds: WorkloadKinds): (doc: SourceDocument) => Workload[] {
  return (doc) => readWorkloads(doc, kinds);
}

function readWorkloads(doc: SourceDocument, kinds: WorkloadKinds): Workload[] {
  return kubernetesObjects(doc).flatMap((object) => {
    const row = kinds.find(object.apiVersion, object.kind);
    return row ? objectWorkloads(doc, object, row) : [];
  });
}

function objectWorkloads(doc: SourceDocument, object: KubernetesObjectAt, row: WorkloadKind): Workload[] {
  const { value, path, kind } = object;
  const metadataPath = [...path, 'metadata'];
  const metadata = recordAt(doc, value.metadata, metadataPath) ?? {};
  const name =
    textAt(doc, metadata.name, [...metadataPath, 'name']) ||
    textAt(doc, metadata.generateName, [...metadataPath, 'generateName']);
  if (!name) throw shapeError(doc, metadataPath, 'missing name');
  const namespace = textAt(doc, metadata.namespace, [...metadataPath, 'namespace']);
  // The object's own metadata; a pod template's labels and annotations are not merged in.
  const annotations = textMapAt(doc, metadata.annotations, [...metadataPath, 'annotations']);
  const labels = textMapAt(doc, metadata.labels, [...metadataPath, 'labels']);
  const start = path.length === 0 ? undefined : doc.locate(path);
  const factsOf = row.facts ? specFacts(doc, value, path, row.facts) : [];

  const workloadOf = (pods: Pods): Workload => {
    const workload: Workload = {
      kind,
      name,
      ...(namespace ? { namespace } : {}),
      ...(pods.role === undefined ? {} : { role: pods.role }),
      containers: pods.containers,
      annotations,
      labels,
      secretRefs: pods.secretRefs,
      ...(pods.csiSecretProviderClasses ? { csiSecretProviderClasses: pods.csiSecretProviderClasses } : {}),
      ...(pods.nodeLabels ? { nodeLabels: pods.nodeLabels } : {}),
      ...(pods.podTemplate === false ? { podTemplate: false as const } : {}),
      ...(row.commandByOperator ? { commandByOperator: row.commandByOperator } : {}),
      origin: {
        format: 'kubernetes',
        file: doc.file,
        line: start?.line ?? doc.line,
        column: start?.column ?? doc.column,
        locate: doc.locate,
      },
    };
    const facts = factsOf.flatMap((read) =>
      read.role === undefined || read.role === pods.role ? read.facts : [],
    );
    if (facts.length) workload.specFacts = facts;
    const view = linkView(pods.reference, kind, value);
    if (view) linkViews.set(workload, view);
    return workload;
  };

  const workloads: Workload[] = [];
  for (const place of row.pods) {
    for (const pods of podsAt(doc, value, path, place, row)) workloads.push(workloadOf(pods));
  }
  if (workloads.length === 0 && row.otherwise) {
    const { container, imageFrom } = row.otherwise;
    const elsewhere = placeholder(container, `comes from ${imageFrom}`, path);
    workloads.push(workloadOf({ containers: [elsewhere], secretRefs: [] }));
  }
  if (workloads.length === 0) {
    throw shapeError(
      doc,
      path,
      `no pod template: expected ${row.pods.map(placePath).join(' or ')}${declared(row)}`,
    );
  }
  return workloads;
}

/** The pods one place of the table describes in an object: none, one, or one per list element. */
function podsAt(
  doc: SourceDocument,
  value: Record<string, unknown>,
  path: Path,
  place: PodPlace,
  row: WorkloadKind,
): Pods[] {
  if ('container' in place) {
    if (place.when !== undefined && valueAt(value, place.when).value == null) return [];
    const read = containerFromView(doc, value, path, place.container);
    return [
      {
        containers: [read.container],
        secretRefs: read.secretRefs,
        podTemplate: false,
        ...roleOf(place.role),
      },
    ];
  }
  const steps = parsePodPath(placePath(place))!;
  if ('reference' in place) {
    return reachAt(doc, value, path, steps).map((reached) => ({
      ...referencedPods(doc, value, reached, place.via),
      ...roleOf(place.role),
    }));
  }
  const isTemplate = 'template' in place;
  const reached = reachAt(doc, value, path, steps, place.roleFrom);
  const found: Pods[] = [];
  for (const at of reached) {
    const spec = isTemplate ? podSpecOf(doc, at) : at;
    // An optional PodSpec-like place without containers is another form (a KServe predictor's `model:`).
    if (!isTemplate && place.optional && spec.value.containers == null) continue;
    found.push({ ...podSpecPods(doc, spec.value, spec.path), ...roleOf(at.role ?? place.role) });
  }
  if (found.length === 0 && !place.optional) {
    const plain = steps.findIndex((step) => step.each !== undefined);
    const fields = (plain === -1 ? steps : steps.slice(0, plain + 1)).map((step) => step.field);
    const missing = [...path, ...fields, ...(isTemplate && plain === -1 ? ['spec'] : [])];
    const expected = plain === -1 ? '' : `: expected ${placePath(place)}`;
    throw shapeError(doc, missing, `missing pod spec${expected}${declared(row)}`);
  }
  return found;
}

function linkView(
  reference: PodsReference | undefined,
  kind: string,
  value: Record<string, unknown>,
): LinkView | undefined {
  if (reference) return { reference };
  if (kind !== 'ServingRuntime' && kind !== 'ClusterServingRuntime') return undefined;
  // KServe picks a runtime by model format only among those that allow it (`autoSelect: true`).
  const spec = value.spec as Record<string, unknown> | undefined;
  const formats = Array.isArray(spec?.supportedModelFormats) ? spec.supportedModelFormats : [];
  const autoSelectFormats = formats.flatMap((format: unknown) => {
    const entry = format as Record<string, unknown> | null;
    return entry && entry.autoSelect === true && typeof entry.name === 'string' ? [entry.name] : [];
  });
  return { autoSelectFormats };
}

function roleOf(role: string | undefined): { role?: string } {
  return role === undefined ? {} : { role };
}

/** A user's row says where it was declared, so a path that matches nothing is traced to its line. */
function declared(row: WorkloadKind): string {
  return row.declaredIn ? ` (declared in ${row.declaredIn})` : '';
}

function podSpecOf(doc: SourceDocument, template: Reached): Reached {
  const specPath = [...template.path, 'spec'];
  const spec = recordAt(doc, template.value.spec, specPath);
  if (!spec) throw shapeError(doc, specPath, 'missing pod spec');
  return { value: spec, path: specPath };
}

/** The containers and pod-level references of one pod spec. */
function podSpecPods(doc: SourceDocument, podSpec: Record<string, unknown>, podPath: Path): Pods {
  const containers: Container[] = [];
  const secretRefs: SecretRef[] = [];
  if (podSpec.containers === undefined || podSpec.containers === null) {
    throw shapeError(doc, podPath, 'missing containers');
  }
  for (const [field, listKind] of CONTAINER_LISTS) {
    for (const { entry, path: containerPath } of recordsAt(doc, podSpec[field], [...podPath, field])) {
      const read = kubernetesContainer(doc, entry, containerPath, listKind);
      containers.push(read.container);
      append(secretRefs, read.secretRefs);
    }
  }
  linkPodClaims(doc, podSpec, podPath, containers);
  append(secretRefs, podSecretRefs(doc, podSpec, podPath));
  const csiClasses = csiSecretProviderClasses(doc, podSpec, podPath);
  const labelsOfNodes = nodeLabels(doc, podSpec, podPath);
  return {
    containers,
    secretRefs,
    ...(csiClasses.length ? { csiSecretProviderClasses: csiClasses } : {}),
    ...(Object.keys(labelsOfNodes).length ? { nodeLabels: labelsOfNodes } : {}),
  };
}
