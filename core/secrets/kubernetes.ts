import type { SourceDocument } from '../loaders/documents';
import type { Location } from '../model/location';
import type { SecretProvider } from '../model/secret-provider';
import { listAt, recordAt, recordsAt, requiredText, textAt } from '../workloads/fields';
import { type KubernetesObjectAt, kubernetesObjects } from '../workloads/kubernetes-objects';

type Path = (string | number)[];

/** The Kubernetes kinds that make a Secret exist, as `SecretProvider.kind` names them. */
export const KUBERNETES_PROVIDER_KINDS: ReadonlySet<string> = new Set([
  'Secret',
  'ExternalSecret',
  'ClusterExternalSecret',
  'SealedSecret',
  'SecretProviderClass',
]);

const EXTERNAL_SECRETS_GROUP = 'external-secrets.io';
const SEALED_SECRETS_GROUP = 'bitnami.com';
const SECRETS_STORE_CSI_GROUP = 'secrets-store.csi.x-k8s.io';

/**
 * What one Kubernetes document makes exist as a Secret: a v1 Secret, an External Secrets Operator
 * ExternalSecret or ClusterExternalSecret (its target), a Bitnami SealedSecret, the Secrets a Secrets
 * Store CSI SecretProviderClass syncs; or a `List` of them. Only names and keys are read, never a value.
 */
export function secretProvidersFromKubernetes(doc: SourceDocument): SecretProvider[] {
  return kubernetesObjects(doc).flatMap((object) => providersOf(doc, object));
}

function providersOf(
  doc: SourceDocument,
  { value, apiVersion, kind, path }: KubernetesObjectAt,
): SecretProvider[] {
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const object = { doc, value, path };
  if (group === '' && kind === 'Secret') return secret(object);
  if (group === EXTERNAL_SECRETS_GROUP && kind === 'ExternalSecret') return externalSecret(object);
  if (group === EXTERNAL_SECRETS_GROUP && kind === 'ClusterExternalSecret')
    return clusterExternalSecret(object);
  if (group === SEALED_SECRETS_GROUP && kind === 'SealedSecret') return sealedSecret(object);
  if (group === SECRETS_STORE_CSI_GROUP && kind === 'SecretProviderClass') return secretProviderClass(object);
  return [];
}

interface KubernetesObject {
  doc: SourceDocument;
  value: Record<string, unknown>;
  path: Path;
}

/** Name and namespace; an object with only `generateName` cannot be referenced and provides nothing. */
function metadataOf({ doc, value, path }: KubernetesObject): { name?: string; namespace?: string } {
  const metadataPath = [...path, 'metadata'];
  const metadata = recordAt(doc, value.metadata, metadataPath) ?? {};
  const name = textAt(doc, metadata.name, [...metadataPath, 'name']);
  const namespace = textAt(doc, metadata.namespace, [...metadataPath, 'namespace']);
  return { ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) };
}

function locationOf(doc: SourceDocument, ...paths: Path[]): Location {
  for (const path of paths) {
    const found = doc.locate(path);
    if (found) return found;
  }
  return { file: doc.file, line: doc.line, column: doc.column };
}

/** The keys of a map, never its values. */
function keysOf(doc: SourceDocument, value: unknown, path: Path): string[] {
  return Object.keys(recordAt(doc, value, path) ?? {});
}

function unique(keys: string[]): string[] {
  return [...new Set(keys)];
}

/** `v1/Secret`: `data` ∪ `stringData` keys. */
function secret(object: KubernetesObject): SecretProvider[] {
  const { doc, value, path } = object;
  const { name, namespace } = metadataOf(object);
  if (!name) return [];
  return [
    {
      name,
      ...(namespace ? { namespace } : {}),
      keys: unique([
        ...keysOf(doc, value.data, [...path, 'data']),
        ...keysOf(doc, value.stringData, [...path, 'stringData']),
      ]),
      kind: 'Secret',
      creates: true,
      location: locationOf(doc, [...path, 'metadata', 'name'], path),
    },
  ];
}

/** ESO `ExternalSecret`: its target Secret, named `spec.target.name` or else the ExternalSecret's own name. */
function externalSecret(object: KubernetesObject): SecretProvider[] {
  const { doc, value, path } = object;
  const { name, namespace } = metadataOf(object);
  const specPath = [...path, 'spec'];
  const spec = recordAt(doc, value.spec, specPath) ?? {};
  const target = externalSecretTarget(doc, spec, specPath, name);
  if (!target) return [];
  return [
    {
      ...target,
      ...(namespace ? { namespace } : {}),
      kind: 'ExternalSecret',
      location: locationOf(doc, [...specPath, 'target', 'name'], [...path, 'metadata', 'name'], path),
    },
  ];
}

/**
 * The Secret an ExternalSecret spec writes: its name, the keys it writes (unknown with `dataFrom` or
 * `templateFrom`, which decide keys at sync time), and whether it creates the Secret: `creationPolicy`
 * `Owner` (the default) and `Orphan` create it; `Merge` writes into an existing one; `None` writes nothing.
 */
function externalSecretTarget(
  doc: SourceDocument,
  spec: Record<string, unknown>,
  specPath: Path,
  defaultName: string | undefined,
): Pick<SecretProvider, 'name' | 'keys' | 'creates'> | undefined {
  const targetPath = [...specPath, 'target'];
  const target = recordAt(doc, spec.target, targetPath) ?? {};
  const name = textAt(doc, target.name, [...targetPath, 'name']) || defaultName;
  if (!name) return undefined;
  const policy = textAt(doc, target.creationPolicy, [...targetPath, 'creationPolicy']) ?? 'Owner';
  if (policy === 'None') return { name, keys: [], creates: false };
  const creates = policy !== 'Merge';
  const templatePath = [...targetPath, 'template'];
  const template = recordAt(doc, target.template, templatePath);
  const dataFrom = listAt(doc, spec.dataFrom, [...specPath, 'dataFrom']) ?? [];
  const templateFrom = listAt(doc, template?.templateFrom, [...templatePath, 'templateFrom']) ?? [];
  if (dataFrom.length > 0 || templateFrom.length > 0) return { name, creates };
  const keys = [
    ...recordsAt(doc, spec.data, [...specPath, 'data']).map(({ entry, path }) =>
      requiredText(doc, entry, 'secretKey', path),
    ),
    ...keysOf(doc, template?.data, [...templatePath, 'data']),
  ];
  return { name, keys: unique(keys), creates };
}

/**
 * ESO `ClusterExternalSecret`: an ExternalSecret (named `spec.externalSecretName`, else its own name) in
 * each selected namespace. Listed `namespaces` are known; a label selector may pick any namespace.
 */
function clusterExternalSecret(object: KubernetesObject): SecretProvider[] {
  const { doc, value, path } = object;
  const { name } = metadataOf(object);
  const specPath = [...path, 'spec'];
  const spec = recordAt(doc, value.spec, specPath) ?? {};
  const externalSecretName =
    textAt(doc, spec.externalSecretName, [...specPath, 'externalSecretName']) || name;
  const innerPath = [...specPath, 'externalSecretSpec'];
  const inner = recordAt(doc, spec.externalSecretSpec, innerPath) ?? {};
  const target = externalSecretTarget(doc, inner, innerPath, externalSecretName);
  if (!target) return [];
  const location = locationOf(doc, [...innerPath, 'target', 'name'], [...path, 'metadata', 'name'], path);
  const base = { ...target, kind: 'ClusterExternalSecret', location };
  const namespacesPath = [...specPath, 'namespaces'];
  const namespaces = (listAt(doc, spec.namespaces, namespacesPath) ?? []).flatMap((item, index) => {
    const namespace = textAt(doc, item, [...namespacesPath, index]);
    return namespace ? [namespace] : [];
  });
  const selected =
    recordAt(doc, spec.namespaceSelector, [...specPath, 'namespaceSelector']) !== undefined ||
    (listAt(doc, spec.namespaceSelectors, [...specPath, 'namespaceSelectors']) ?? []).length > 0;
  if (selected || namespaces.length === 0) return [{ ...base, anyNamespace: true }];
  return unique(namespaces).map((namespace) => ({ ...base, namespace }));
}

/**
 * Bitnami `SealedSecret`: once unsealed, a Secret of the same name and namespace (whatever its scope:
 * strict, namespace-wide or cluster-wide only decide where the ciphertext may be used). Keys are those of
 * `encryptedData` and `template.data`; the legacy single-blob `data` hides them.
 */
function sealedSecret(object: KubernetesObject): SecretProvider[] {
  const { doc, value, path } = object;
  const { name, namespace } = metadataOf(object);
  if (!name) return [];
  const specPath = [...path, 'spec'];
  const spec = recordAt(doc, value.spec, specPath) ?? {};
  const legacy = spec.encryptedData === undefined && spec.data !== undefined && spec.data !== null;
  const template = recordAt(doc, spec.template, [...specPath, 'template']);
  const keys = unique([
    ...keysOf(doc, spec.encryptedData, [...specPath, 'encryptedData']),
    ...keysOf(doc, template?.data, [...specPath, 'template', 'data']),
  ]);
  return [
    {
      name,
      ...(namespace ? { namespace } : {}),
      ...(legacy ? {} : { keys }),
      kind: 'SealedSecret',
      creates: true,
      location: locationOf(doc, [...path, 'metadata', 'name'], path),
    },
  ];
}

/**
 * Secrets Store CSI `SecretProviderClass`: each of `spec.secretObjects` is a Secret the driver syncs while
 * a pod mounts a CSI volume of this class, with the keys of its `data[].key`.
 */
function secretProviderClass(object: KubernetesObject): SecretProvider[] {
  const { doc, value, path } = object;
  const { name: className, namespace } = metadataOf(object);
  if (!className) return [];
  const specPath = [...path, 'spec'];
  const spec = recordAt(doc, value.spec, specPath) ?? {};
  return recordsAt(doc, spec.secretObjects, [...specPath, 'secretObjects']).map(
    ({ entry, path: objectPath }) => ({
      name: requiredText(doc, entry, 'secretName', objectPath),
      ...(namespace ? { namespace } : {}),
      keys: unique(
        recordsAt(doc, entry.data, [...objectPath, 'data']).map(({ entry: item, path: itemPath }) =>
          requiredText(doc, item, 'key', itemPath),
        ),
      ),
      kind: 'SecretProviderClass',
      creates: true,
      secretProviderClass: className,
      location: locationOf(doc, [...objectPath, 'secretName'], objectPath),
    }),
  );
}
