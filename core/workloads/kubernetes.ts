import type { SourceDocument } from '../loaders/documents';
import type { Container, SecretRef, Workload } from '../model/workload';
import { csiSecretProviderClasses } from './csi-secret-provider-classes';
import { linkPodClaims } from './device-claims';
import { recordAt, recordsAt, shapeError, textAt, textMapAt } from './fields';
import { kubernetesContainer } from './kubernetes-container';
import { kubernetesObjects } from './kubernetes-objects';
import { nodeLabels } from './node-labels';
import { podSecretRefs } from './pod-secret-refs';
import { podSpecPath } from './pod-spec-path';

type Path = (string | number)[];

const CONTAINER_LISTS = [
  ['initContainers', 'init'],
  ['containers', 'app'],
  ['ephemeralContainers', 'ephemeral'],
] as const;

/**
 * The workloads of one Kubernetes document: a pod-holding kind, or a `List` of them. Other kinds (Secrets
 * included: their data is never read) give none. Paths are from the document root, so `origin.locate` is
 * the document's own.
 */
export function workloadsFromKubernetes(doc: SourceDocument): Workload[] {
  return kubernetesObjects(doc).flatMap(({ value, apiVersion, kind, path }) => {
    const specPath = podSpecPath(apiVersion, kind);
    return specPath ? [workload(doc, value, path, kind, specPath)] : [];
  });
}

function workload(
  doc: SourceDocument,
  value: Record<string, unknown>,
  path: Path,
  kind: string,
  specPath: readonly string[],
): Workload {
  const metadataPath = [...path, 'metadata'];
  const metadata = recordAt(doc, value.metadata, metadataPath) ?? {};
  const name =
    textAt(doc, metadata.name, [...metadataPath, 'name']) ||
    textAt(doc, metadata.generateName, [...metadataPath, 'generateName']);
  if (!name) throw shapeError(doc, metadataPath, 'missing name');
  const namespace = textAt(doc, metadata.namespace, [...metadataPath, 'namespace']);

  const podPath = [...path, ...specPath];
  const podSpec = podSpecAt(doc, value, path, specPath);
  const containers: Container[] = [];
  const secretRefs: SecretRef[] = [];
  if (podSpec.containers === undefined || podSpec.containers === null) {
    throw shapeError(doc, podPath, 'missing containers');
  }
  for (const [field, listKind] of CONTAINER_LISTS) {
    for (const { entry, path: containerPath } of recordsAt(doc, podSpec[field], [...podPath, field])) {
      const read = kubernetesContainer(doc, entry, containerPath, listKind);
      containers.push(read.container);
      secretRefs.push(...read.secretRefs);
    }
  }
  linkPodClaims(doc, podSpec, podPath, containers);
  secretRefs.push(...podSecretRefs(doc, podSpec, podPath));
  const csiClasses = csiSecretProviderClasses(doc, podSpec, podPath);
  const labelsOfNodes = nodeLabels(doc, podSpec, podPath);

  const start = path.length === 0 ? undefined : doc.locate(path);
  return {
    kind,
    name,
    ...(namespace ? { namespace } : {}),
    containers,
    // The workload's own metadata; a pod template's labels and annotations are not merged in.
    annotations: textMapAt(doc, metadata.annotations, [...metadataPath, 'annotations']),
    labels: textMapAt(doc, metadata.labels, [...metadataPath, 'labels']),
    secretRefs,
    ...(csiClasses.length ? { csiSecretProviderClasses: csiClasses } : {}),
    ...(Object.keys(labelsOfNodes).length ? { nodeLabels: labelsOfNodes } : {}),
    origin: {
      format: 'kubernetes',
      file: doc.file,
      line: start?.line ?? doc.line,
      column: start?.column ?? doc.column,
      locate: doc.locate,
    },
  };
}

function podSpecAt(
  doc: SourceDocument,
  value: Record<string, unknown>,
  path: Path,
  specPath: readonly string[],
): Record<string, unknown> {
  let current: Record<string, unknown> | undefined = value;
  const walked = [...path];
  for (const key of specPath) {
    walked.push(key);
    current = recordAt(doc, current[key], walked);
    if (!current) throw shapeError(doc, [...path, ...specPath], 'missing pod spec');
  }
  return current;
}
