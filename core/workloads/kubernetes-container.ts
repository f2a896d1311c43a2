import type { SourceDocument } from '../loaders/documents';
import type { Container, EnvVar, SecretRef } from '../model/workload';
import { containerClaims } from './device-claims';
import { listAt, optionalAt, recordAt, recordsAt, requiredText, shapeError, textAt } from './fields';

type Path = (string | number)[];

/** One container of a pod spec with the secret references it makes itself (env and envFrom). */
export function kubernetesContainer(
  doc: SourceDocument,
  raw: Record<string, unknown>,
  path: Path,
  listKind: 'init' | 'app' | 'ephemeral',
): { container: Container; secretRefs: SecretRef[] } {
  const name = requiredText(doc, raw, 'name', path);
  const secretRefs: SecretRef[] = [];
  const env = recordsAt(doc, raw.env, [...path, 'env']).map(({ entry, path: entryPath }) =>
    envVar(doc, entry, entryPath, name, secretRefs),
  );
  const envFrom = recordsAt(doc, raw.envFrom, [...path, 'envFrom']);
  for (const { entry, path: entryPath } of envFrom) {
    const refPath = [...entryPath, 'secretRef'];
    const ref = recordAt(doc, entry.secretRef, refPath);
    if (!ref) continue;
    secretRefs.push({
      name: requiredText(doc, ref, 'name', refPath),
      ...optionalAt(doc, ref, refPath),
      via: 'envFrom[].secretRef',
      container: name,
      path: refPath,
    });
  }
  const image = textAt(doc, raw.image, [...path, 'image']);
  const deviceClaims = containerClaims(doc, raw.resources, [...path, 'resources']);
  const container: Container = {
    name,
    ...(image ? { image } : { imageUnknown: 'no image set' }),
    env,
    envFromSources: envFrom.length,
    command: textList(doc, raw.command, [...path, 'command']),
    args: textList(doc, raw.args, [...path, 'args']),
    gpus: gpuCount(doc, raw.resources, [...path, 'resources']),
    kind: containerKind(doc, raw, path, listKind),
    ...(deviceClaims.length ? { deviceClaims } : {}),
    path,
  };
  return { container, secretRefs };
}

/** One `env` entry; a `secretKeyRef` adds its reference to `secretRefs` and leaves the value unread. */
export function envVar(
  doc: SourceDocument,
  entry: Record<string, unknown>,
  path: Path,
  container: string,
  secretRefs: SecretRef[],
): EnvVar {
  const name = requiredText(doc, entry, 'name', path);
  const valueFrom = recordAt(doc, entry.valueFrom, [...path, 'valueFrom']);
  // Kubernetes reads an entry without a value as the empty string.
  if (!valueFrom) return { name, value: textAt(doc, entry.value, [...path, 'value']) ?? '', path };
  const refPath = [...path, 'valueFrom', 'secretKeyRef'];
  const ref = recordAt(doc, valueFrom.secretKeyRef, refPath);
  if (!ref) return { name, path };
  secretRefs.push({
    name: requiredText(doc, ref, 'name', refPath),
    key: requiredText(doc, ref, 'key', refPath),
    ...optionalAt(doc, ref, refPath),
    via: 'env[].valueFrom.secretKeyRef',
    container,
    path: refPath,
  });
  return { name, fromSecret: true, path };
}

/** An init container with `restartPolicy: Always` is a native sidecar (Kubernetes 1.28+): it keeps running. */
function containerKind(
  doc: SourceDocument,
  raw: Record<string, unknown>,
  path: Path,
  listKind: 'init' | 'app' | 'ephemeral',
): Container['kind'] {
  const restartPolicy = textAt(doc, raw.restartPolicy, [...path, 'restartPolicy']);
  return listKind === 'init' && restartPolicy === 'Always' ? 'sidecar' : listKind;
}

function textList(doc: SourceDocument, value: unknown, path: Path): string[] {
  return (listAt(doc, value, path) ?? []).map((item, index) => {
    const text = textAt(doc, item, [...path, index]);
    if (text === undefined) throw shapeError(doc, [...path, index], 'expected a string');
    return text;
  });
}

const GPU_RESOURCE = 'nvidia.com/gpu';

/** GPUs are extended resources: limits decide, and requests must equal them when both are set. */
export function gpuCount(doc: SourceDocument, value: unknown, path: Path): number {
  const resources = recordAt(doc, value, path);
  if (!resources) return 0;
  for (const side of ['limits', 'requests']) {
    const amounts = recordAt(doc, resources[side], [...path, side]);
    const amount = amounts?.[GPU_RESOURCE];
    if (amount === undefined || amount === null) continue;
    const amountPath = [...path, side, GPU_RESOURCE];
    const text = textAt(doc, amount, amountPath) ?? '';
    if (!/^\d+$/.test(text)) throw shapeError(doc, amountPath, 'expected a whole number of GPUs');
    return Number(text);
  }
  return 0;
}
