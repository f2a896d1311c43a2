import type { SourceDocument } from '../loaders/documents';
import { recordAt, recordsAt, textAt } from './fields';

type Path = (string | number)[];

/** The Secrets Store CSI driver: its volumes name a `SecretProviderClass` in `volumeAttributes`. */
export const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';

/**
 * The `SecretProviderClass`es a pod spec mounts as Secrets Store CSI volumes, each once. A Secret such a
 * class syncs exists only while a pod mounting it runs.
 */
export function csiSecretProviderClasses(
  doc: SourceDocument,
  podSpec: Record<string, unknown>,
  specPath: Path,
): string[] {
  const classes = new Set<string>();
  for (const { entry: volume, path } of recordsAt(doc, podSpec.volumes, [...specPath, 'volumes'])) {
    const csiPath = [...path, 'csi'];
    const csi = recordAt(doc, volume.csi, csiPath);
    if (!csi || textAt(doc, csi.driver, [...csiPath, 'driver']) !== SECRETS_STORE_CSI_DRIVER) continue;
    const attributesPath = [...csiPath, 'volumeAttributes'];
    const attributes = recordAt(doc, csi.volumeAttributes, attributesPath);
    const name = textAt(doc, attributes?.secretProviderClass, [...attributesPath, 'secretProviderClass']);
    if (name) classes.add(name);
  }
  return [...classes];
}
