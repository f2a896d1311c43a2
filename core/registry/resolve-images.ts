import { InputError } from '../errors';
import { parseImageRef } from '../images/image-ref';
import type { RegistrySettings } from '../model/config';
import { loadDockerCredentials } from './docker-credentials';
import type { ImageLookup } from './image-lookup';
import { defaultCacheDir, RegistryCache } from './registry-cache';
import { RegistryError } from './registry-error';
import { RegistrySession } from './registry-session';
import { resolveImage } from './resolve-image';

/** Distribution refuses manifests over 4 MiB; configs of real images are tens of KiB. */
export const MAX_MANIFEST_BYTES = 4 << 20;
export const MAX_CONFIG_BYTES = 8 << 20;

export interface ResolveImagesOptions {
  env?: NodeJS.ProcessEnv;
  /** For tests: the clock tag entries age against, and the first retry's wait. */
  now?: () => number;
  backoffMs?: number;
  maxManifestBytes?: number;
  maxConfigBytes?: number;
}

export interface ImageResolutions {
  lookups: Map<string, ImageLookup>;
  /** HTTP requests made, token requests included. */
  requests: number;
  /** Why the cache folder could not be used (the lookups then went to the registry without it). */
  cacheUnusable?: InputError;
}

/**
 * Looks up every reference (each distinct one once, a few at a time). A failed lookup is an
 * UnresolvedImage saying why; a reference that does not parse is left to the binding's InputError.
 */
export async function resolveImages(
  references: readonly string[],
  settings: RegistrySettings,
  options: ResolveImagesOptions = {},
): Promise<ImageResolutions> {
  const env = options.env ?? process.env;
  const { cache, cacheUnusable } = openCache(settings, env, options.now);
  const session = settings.offline
    ? undefined
    : new RegistrySession({
        timeoutMs: settings.timeout * 1000,
        retries: settings.retries,
        backoffMs: options.backoffMs ?? 200,
        credentials: loadDockerCredentials(settings.docker_config, env),
        maxSockets: settings.concurrency,
      });
  const resolveOptions = {
    platform: settings.platform,
    insecure: settings.insecure,
    maxManifestBytes: options.maxManifestBytes ?? MAX_MANIFEST_BYTES,
    maxConfigBytes: options.maxConfigBytes ?? MAX_CONFIG_BYTES,
  };
  const pending = [...new Set(references)];
  const lookups = new Map<string, ImageLookup>();
  const work = async (): Promise<void> => {
    for (let reference = pending.shift(); reference !== undefined; reference = pending.shift()) {
      let ref: ReturnType<typeof parseImageRef>;
      try {
        ref = parseImageRef(reference);
      } catch (error) {
        if (error instanceof InputError) continue;
        throw error;
      }
      try {
        lookups.set(reference, await resolveImage(ref, { session, cache }, resolveOptions));
      } catch (error) {
        if (!(error instanceof RegistryError)) throw error;
        lookups.set(reference, {
          status: 'unresolved',
          reference,
          failure: error.failure,
          reason: error.message,
        });
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, settings.concurrency) }, work));
  } finally {
    session?.close();
  }
  return { lookups, requests: session?.requests ?? 0, ...(cacheUnusable ? { cacheUnusable } : {}) };
}

/**
 * The cache folder, when it can be used. A cache is an accelerator: one that cannot be used (owned by
 * another user, say) leaves the lookups slower, not wrong, so an online run goes on without it and says
 * so. Offline, the cache is the only source: an unusable one is an input error.
 */
function openCache(
  settings: RegistrySettings,
  env: NodeJS.ProcessEnv,
  now: (() => number) | undefined,
): { cache?: RegistryCache; cacheUnusable?: InputError } {
  try {
    return {
      cache: new RegistryCache(settings.cache_dir ?? defaultCacheDir(env), settings.tag_ttl * 1000, now),
    };
  } catch (error) {
    if (!(error instanceof InputError) || settings.offline) throw error;
    return { cacheUnusable: error };
  }
}
