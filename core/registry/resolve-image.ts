import type { ImageRef } from '../images/image-ref';
import { contentDigest, isSupportedDigest, matchesDigest, shortDigest } from './content-digest';
import type { ImageConfig, ResolvedImage } from './image-lookup';
import { type Manifest, parseManifest, platformEntry, platformsOf } from './manifest';
import { MANIFEST_ACCEPT } from './media-types';
import type { RegistryCache } from './registry-cache';
import { registryEndpoint } from './registry-endpoint';
import { RegistryError } from './registry-error';
import type { RegistrySession } from './registry-session';

export interface ResolveOptions {
  /** `os/architecture[/variant]` picked from an index. */
  platform: string;
  /** Registries reached over plain HTTP besides loopback. */
  insecure: readonly string[];
  maxManifestBytes: number;
  maxConfigBytes: number;
}

/** Where to look: no session means offline (the cache only). */
export interface ResolveSources {
  session?: RegistrySession;
  cache?: RegistryCache;
}

/**
 * Reference → digest → (platform manifest) → config, each piece verified against its digest. A tag
 * is looked up again once its cache entry is older than the TTL (a HEAD); digests are cached for good.
 */
export async function resolveImage(
  ref: ImageRef,
  sources: ResolveSources,
  options: ResolveOptions,
): Promise<ResolvedImage> {
  const lookup = new Lookup(ref, sources, options);
  return lookup.run();
}

class Lookup {
  private readonly endpoint;
  private readonly name: string;
  private fetched = false;

  constructor(
    private readonly ref: ImageRef,
    private readonly sources: ResolveSources,
    private readonly options: ResolveOptions,
  ) {
    this.endpoint = registryEndpoint(ref.registry, options.insecure);
    this.name = `${ref.registry}/${ref.repository}`;
  }

  async run(): Promise<ResolvedImage> {
    const digest = this.ref.digest ?? (await this.tagDigest(this.ref.tag ?? 'latest'));
    let manifest = await this.manifest(digest);
    let platformDigest: string | undefined;
    if (manifest.kind === 'index') {
      const entry = platformEntry(manifest.manifests, this.options.platform);
      if (!entry) {
        const has = platformsOf(manifest.manifests);
        throw new RegistryError(
          'no-platform',
          `${this.name}@${shortDigest(digest)} has no ${this.options.platform} image (it has ${has.join(', ') || 'no platforms'})`,
        );
      }
      this.checkSize(entry.size, this.options.maxManifestBytes, `manifest ${shortDigest(entry.digest)}`);
      platformDigest = entry.digest;
      manifest = await this.manifest(entry.digest);
      if (manifest.kind === 'index')
        throw new RegistryError(
          'malformed',
          `${this.name}: the ${this.options.platform} entry is another index`,
        );
    }
    const { config: descriptor } = manifest;
    this.checkSize(descriptor.size, this.options.maxConfigBytes, `config ${shortDigest(descriptor.digest)}`);
    const body = await this.blob(descriptor.digest, descriptor.size);
    return {
      status: 'resolved',
      reference: this.ref.original,
      digest,
      ...(platformDigest ? { platformDigest } : {}),
      configDigest: descriptor.digest,
      config: parseImageConfig(body, `${this.name} config ${shortDigest(descriptor.digest)}`),
      fromCache: !this.fetched,
    };
  }

  private async tagDigest(tag: string): Promise<string> {
    const key = `${this.name}:${tag}`;
    const cached = this.sources.cache?.readTag(key);
    const session = this.sources.session;
    if (cached && (cached.fresh || !session)) return cached.digest;
    if (!session) throw new RegistryError('not-cached', `tag ${tag} is not in the registry cache (offline)`);
    this.fetched = true;
    if (cached) {
      // A stale entry: the digest is all that is needed, and the manifest is cached under it.
      const head = await session.get(this.endpoint, this.ref.repository, `manifests/${tag}`, {
        method: 'HEAD',
        accept: MANIFEST_ACCEPT,
        maxBytes: 0,
      });
      const digest = head.headers['docker-content-digest'];
      if (typeof digest === 'string' && isSupportedDigest(digest)) {
        this.sources.cache?.writeTag(key, digest);
        return digest;
      }
    }
    const response = await session.get(this.endpoint, this.ref.repository, `manifests/${tag}`, {
      accept: MANIFEST_ACCEPT,
      maxBytes: this.options.maxManifestBytes,
    });
    const announced = response.headers['docker-content-digest'];
    let digest: string;
    if (typeof announced === 'string' && isSupportedDigest(announced)) {
      if (!matchesDigest(response.body, announced))
        throw new RegistryError(
          'digest-mismatch',
          `${key}: the manifest does not match the digest the registry announced (${shortDigest(announced)})`,
        );
      digest = announced;
    } else {
      digest = contentDigest(response.body);
    }
    parseManifest(response.body, header(response.headers['content-type']), key);
    this.sources.cache?.writeBlob(digest, response.body);
    this.sources.cache?.writeTag(key, digest);
    return digest;
  }

  private async manifest(digest: string): Promise<Manifest> {
    const where = `${this.name}@${shortDigest(digest)}`;
    const cached = this.sources.cache?.readBlob(digest);
    if (cached) return parseManifest(cached, undefined, where);
    const session = this.requireSession(`manifest ${where}`);
    const response = await session.get(this.endpoint, this.ref.repository, `manifests/${digest}`, {
      accept: MANIFEST_ACCEPT,
      maxBytes: this.options.maxManifestBytes,
    });
    if (!matchesDigest(response.body, digest))
      throw new RegistryError(
        'digest-mismatch',
        `${where}: the manifest's content does not match its digest`,
      );
    const manifest = parseManifest(response.body, header(response.headers['content-type']), where);
    this.sources.cache?.writeBlob(digest, response.body);
    return manifest;
  }

  private async blob(digest: string, size: number): Promise<Buffer> {
    const cached = this.sources.cache?.readBlob(digest);
    if (cached) return cached;
    const where = `${this.name} config ${shortDigest(digest)}`;
    const session = this.requireSession(where);
    const response = await session.get(this.endpoint, this.ref.repository, `blobs/${digest}`, {
      maxBytes: this.options.maxConfigBytes,
    });
    if (response.body.length !== size || !matchesDigest(response.body, digest))
      throw new RegistryError('digest-mismatch', `${where}: the content does not match its digest`);
    this.sources.cache?.writeBlob(digest, response.body);
    return response.body;
  }

  private requireSession(what: string): RegistrySession {
    if (!this.sources.session)
      throw new RegistryError('not-cached', `${what} is not in the registry cache (offline)`);
    this.fetched = true;
    return this.sources.session;
  }

  private checkSize(size: number, limit: number, what: string): void {
    if (size > limit)
      throw new RegistryError(
        'too-large',
        `${this.name}: ${what} is ${size} bytes, over the ${limit}-byte limit`,
      );
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The OCI image config's `Env` and `Labels`, and its platform. */
export function parseImageConfig(body: Buffer, where: string): ImageConfig {
  let json: {
    os?: unknown;
    architecture?: unknown;
    variant?: unknown;
    config?: { Env?: unknown; Labels?: unknown } | null;
  };
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('malformed', `${where}: the image config is not JSON`);
  }
  if (typeof json !== 'object' || json === null)
    throw new RegistryError('malformed', `${where}: the image config is not an object`);
  const env: Record<string, string> = {};
  const list = json.config?.Env;
  if (Array.isArray(list)) {
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
    }
  }
  const labels: Record<string, string> = {};
  const given = json.config?.Labels;
  if (given && typeof given === 'object') {
    for (const [name, value] of Object.entries(given)) if (typeof value === 'string') labels[name] = value;
  }
  const platform = [json.os, json.architecture, json.variant]
    .filter((part) => typeof part === 'string' && part)
    .join('/');
  return { platform, env, labels };
}
