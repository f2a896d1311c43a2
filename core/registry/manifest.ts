import { DOCKER_SCHEMA1, isImageManifest, isIndex } from './media-types';
import { RegistryError } from './registry-error';

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size: number;
  platform?: { os?: string; architecture?: string; variant?: string };
}

export type Manifest = { kind: 'index'; manifests: Descriptor[] } | { kind: 'image'; config: Descriptor };

/** Reads a manifest body as an index or an image manifest; anything else is `malformed` or `unsupported`. */
export function parseManifest(body: Buffer, contentType: string | undefined, where: string): Manifest {
  let json: { mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; config?: unknown };
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('malformed', `${where}: the manifest is not JSON`);
  }
  if (typeof json !== 'object' || json === null)
    throw new RegistryError('malformed', `${where}: the manifest is not an object`);
  const declared = typeof json.mediaType === 'string' ? json.mediaType : contentType?.split(';')[0]?.trim();
  if (declared === DOCKER_SCHEMA1 || json.schemaVersion === 1)
    throw new RegistryError(
      'unsupported',
      `${where}: a schema 1 manifest carries no image config; push the image again`,
    );
  if (isIndex(declared) || (declared === undefined && Array.isArray(json.manifests))) {
    if (!Array.isArray(json.manifests))
      throw new RegistryError('malformed', `${where}: the index has no manifests`);
    return {
      kind: 'index',
      manifests: json.manifests.map((entry, i) => descriptor(entry, `${where} manifests[${i}]`)),
    };
  }
  if (isImageManifest(declared) || (declared === undefined && json.config !== undefined))
    return { kind: 'image', config: descriptor(json.config, `${where} config`) };
  throw new RegistryError(
    'unsupported',
    `${where}: unsupported manifest media type ${JSON.stringify(declared ?? 'none')}`,
  );
}

function descriptor(value: unknown, where: string): Descriptor {
  const entry = value as Partial<Descriptor> | undefined;
  if (
    typeof entry !== 'object' ||
    entry === null ||
    typeof entry.digest !== 'string' ||
    !/^[a-z0-9]+:[0-9a-f]+$/.test(entry.digest) ||
    typeof entry.size !== 'number' ||
    entry.size < 0
  )
    throw new RegistryError('malformed', `${where}: expected a descriptor with a digest and a size`);
  return entry as Descriptor;
}

/** The index entry for `os/architecture[/variant]`. */
export function platformEntry(manifests: readonly Descriptor[], platform: string): Descriptor | undefined {
  const [os, architecture, variant] = platform.split('/');
  return manifests.find(
    (entry) =>
      entry.platform?.os === os &&
      entry.platform?.architecture === architecture &&
      (variant === undefined || entry.platform?.variant === variant),
  );
}

export function platformsOf(manifests: readonly Descriptor[]): string[] {
  return manifests
    .filter((entry) => entry.platform?.os && entry.platform.architecture)
    .map((entry) =>
      [entry.platform!.os, entry.platform!.architecture, entry.platform!.variant].filter(Boolean).join('/'),
    );
}
