import { append } from '../append';
import type { SourceDocument } from '../loaders/documents';
import type { SecretRef } from '../model/workload';
import { optionalAt, recordAt, recordsAt, requiredText } from './fields';

type Path = (string | number)[];

/** Legacy volume plugins that name a Secret through a `secretRef: {name}` (VisitPodSecretNames). */
const SECRET_REF_VOLUMES = ['cephfs', 'cinder', 'flexVolume', 'iscsi', 'rbd', 'scaleIO', 'storageOS'];

/** The pod-level secret references of a pod spec: volumes and image pull secrets. */
export function podSecretRefs(
  doc: SourceDocument,
  podSpec: Record<string, unknown>,
  specPath: Path,
): SecretRef[] {
  const refs: SecretRef[] = [];
  for (const { entry, path } of recordsAt(doc, podSpec.imagePullSecrets, [...specPath, 'imagePullSecrets'])) {
    refs.push({ name: requiredText(doc, entry, 'name', path), via: 'imagePullSecrets[]', path });
  }
  for (const { entry: volume, path } of recordsAt(doc, podSpec.volumes, [...specPath, 'volumes'])) {
    append(refs, volumeSecretRefs(doc, volume, path));
  }
  return refs;
}

function volumeSecretRefs(doc: SourceDocument, volume: Record<string, unknown>, path: Path): SecretRef[] {
  const refs: SecretRef[] = [];
  const secretPath = [...path, 'secret'];
  const secret = recordAt(doc, volume.secret, secretPath);
  if (secret) append(refs, keyedRefs(doc, secret, secretPath, 'secretName', 'volumes[].secret'));

  const projectedPath = [...path, 'projected'];
  const projected = recordAt(doc, volume.projected, projectedPath);
  for (const { entry: source, path: sourcePath } of recordsAt(doc, projected?.sources, [
    ...projectedPath,
    'sources',
  ])) {
    const refPath = [...sourcePath, 'secret'];
    const ref = recordAt(doc, source.secret, refPath);
    // Projected sources name the Secret with `name`, not `secretName`.
    if (ref) append(refs, keyedRefs(doc, ref, refPath, 'name', 'volumes[].projected.sources[].secret'));
  }

  const csiPath = [...path, 'csi'];
  const csi = recordAt(doc, volume.csi, csiPath);
  const publishPath = [...csiPath, 'nodePublishSecretRef'];
  const publish = recordAt(doc, csi?.nodePublishSecretRef, publishPath);
  if (publish) {
    refs.push({
      name: requiredText(doc, publish, 'name', publishPath),
      via: 'volumes[].csi.nodePublishSecretRef',
      path: publishPath,
    });
  }

  const azurePath = [...path, 'azureFile'];
  const azure = recordAt(doc, volume.azureFile, azurePath);
  if (azure) {
    refs.push({
      name: requiredText(doc, azure, 'secretName', azurePath),
      via: 'volumes[].azureFile.secretName',
      path: azurePath,
    });
  }

  for (const plugin of SECRET_REF_VOLUMES) {
    const pluginPath = [...path, plugin];
    const refPath = [...pluginPath, 'secretRef'];
    const ref = recordAt(doc, recordAt(doc, volume[plugin], pluginPath)?.secretRef, refPath);
    if (ref)
      refs.push({
        name: requiredText(doc, ref, 'name', refPath),
        via: `volumes[].${plugin}.secretRef`,
        path: refPath,
      });
  }
  return refs;
}

/** A secret volume or projection: one reference per listed key, or one for the whole Secret. */
function keyedRefs(
  doc: SourceDocument,
  ref: Record<string, unknown>,
  refPath: Path,
  nameKey: string,
  via: string,
): SecretRef[] {
  const name = requiredText(doc, ref, nameKey, refPath);
  const optional = optionalAt(doc, ref, refPath);
  const items = recordsAt(doc, ref.items, [...refPath, 'items']);
  if (items.length === 0) return [{ name, ...optional, via, path: refPath }];
  return items.map(({ entry, path }) => ({
    name,
    key: requiredText(doc, entry, 'key', path),
    ...optional,
    via,
    path,
  }));
}
