import { append } from '../append';
import type { ContainerView, SecretField } from '../data/workload-kinds';
import type { SourceDocument } from '../loaders/documents';
import type { Container, SecretRef } from '../model/workload';
import { listAt, recordAt, recordsAt, shapeError, textAt } from './fields';
import { envVar, gpuCount } from './kubernetes-container';
import { valueAt } from './pod-places';

type Path = (string | number)[];

/**
 * The one container an operator builds from fields of its own (NIMService `spec.image`, VLLMRuntime
 * `spec.deploymentConfig.image`), read as if it were written in a pod spec, with the Secrets those
 * fields name. Its `path` is the parent of the image field, so the image's position is found as for
 * any container.
 */
export function containerFromView(
  doc: SourceDocument,
  object: Record<string, unknown>,
  objectPath: Path,
  view: ContainerView,
): { container: Container; secretRefs: SecretRef[] } {
  const at = (dotted: string) => {
    const { value, path } = valueAt(object, dotted);
    return { value, path: [...objectPath, ...path] };
  };
  const text = (dotted: string | undefined) => {
    if (dotted === undefined) return undefined;
    const { value, path } = at(dotted);
    return textAt(doc, value, path) || undefined;
  };

  const secretRefs: SecretRef[] = [];
  const imageField = view.image ? at(view.image.repository).path.slice(0, -1) : undefined;
  const repository = text(view.image?.repository);
  const registry = text(view.image?.registry);
  const tag = text(view.image?.tag);
  const image = repository && `${registry ? `${registry}/` : ''}${repository}${tag ? `:${tag}` : ''}`;
  const env = view.env ? at(view.env) : undefined;
  const args = view.args ? at(view.args) : undefined;
  const gpus = view.gpus ? at(view.gpus) : undefined;
  const container: Container = {
    name: view.name,
    ...(image
      ? { image }
      : {
          imageUnknown: view.imageFrom
            ? `comes from ${view.imageFrom}`
            : `no image set (${view.image?.repository})`,
        }),
    env: env
      ? recordsAt(doc, env.value, env.path).map(({ entry, path }) =>
          envVar(doc, entry, path, view.name, secretRefs),
        )
      : [],
    envFromSources: 0,
    command: [],
    args: args ? texts(doc, args.value, args.path) : [],
    gpus: view.resources
      ? gpuCount(doc, at(view.resources).value, at(view.resources).path)
      : gpuField(doc, gpus),
    kind: 'app',
    path: imageField ? imageField.slice(0, -1) : objectPath,
  };
  for (const field of view.secrets ?? [])
    append(secretRefs, secretFieldRefs(doc, at(field.path), field, object, objectPath, view.name));
  return { container, secretRefs };
}

function texts(doc: SourceDocument, value: unknown, path: Path): string[] {
  return (listAt(doc, value, path) ?? []).map((item, index) => {
    const text = textAt(doc, item, [...path, index]);
    if (text === undefined) throw shapeError(doc, [...path, index], 'expected a string');
    return text;
  });
}

/** A GPU count written as a plain field (`"1"`). */
function gpuField(doc: SourceDocument, field: { value: unknown; path: Path } | undefined): number {
  const text = field && textAt(doc, field.value, field.path);
  if (!text) return 0;
  if (!/^\d+$/.test(text)) throw shapeError(doc, field.path, 'expected a whole number of GPUs');
  return Number(text);
}

/** The Secrets one field names; an empty name (`pullSecretName: ""`) names none. */
function secretFieldRefs(
  doc: SourceDocument,
  { value, path }: { value: unknown; path: Path },
  field: SecretField,
  object: Record<string, unknown>,
  objectPath: Path,
  container: string,
): SecretRef[] {
  if (value == null) return [];
  if (field.list) {
    return texts(doc, value, path)
      .map((name, index) => ({ name, via: field.via, path: [...path, index] }))
      .filter((ref) => ref.name !== '');
  }
  const refPath = field.nameKey ? [...path, field.nameKey] : path;
  const name = field.nameKey
    ? textAt(doc, recordAt(doc, value, path)?.[field.nameKey], refPath)
    : textAt(doc, value, path);
  if (!name) return [];
  const keyField = field.keyPath ? valueAt(object, field.keyPath) : undefined;
  const key =
    (keyField && textAt(doc, keyField.value, [...objectPath, ...keyField.path])) || field.defaultKey;
  // A Secret read for one of its keys is the container's; a whole-Secret reference is the pod's.
  return [{ name, ...(key ? { key, container } : {}), via: field.via, path }];
}
