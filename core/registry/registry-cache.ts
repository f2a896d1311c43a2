import { createHash } from 'node:crypto';
import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors';
import { INPUT_LIMITS, readInputFile, readSourceFile } from '../loaders/source-file';
import { folderErrorWords, makeFolder } from '../output/make-folder';
import { isSupportedDigest, matchesDigest } from './content-digest';

/** `$XDG_CACHE_HOME/preflight-guard/registry`, else `~/.cache/preflight-guard/registry`. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'preflight-guard', 'registry');
}

export interface CachedTag {
  digest: string;
  /** Younger than the TTL. */
  fresh: boolean;
}

/**
 * Manifests and configs by digest (immutable; verified against the digest on every read, and dropped
 * when they no longer match) and tag → digest with a time to live. Files are written atomically.
 */
export class RegistryCache {
  constructor(
    readonly dir: string,
    private readonly tagTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    try {
      // Not mkdirSync's recursive mode: it loops forever under /proc (`--registry-cache /proc/x`).
      makeFolder(join(dir, 'blobs'), 0o700);
      makeFolder(join(dir, 'tags'), 0o700);
    } catch (error) {
      const why = folderErrorWords(error instanceof InputError ? error.cause : error);
      throw new InputError(`cannot use the registry cache folder: ${why}`, { file: dir });
    }
  }

  readBlob(digest: string): Buffer | undefined {
    if (!isSupportedDigest(digest)) return undefined;
    const path = this.blobPath(digest);
    let body: Buffer;
    try {
      // Core's reader: a FIFO or an oversized file planted in the cache is a miss, never a hang.
      body = readInputFile(path, INPUT_LIMITS.registryBlob);
    } catch {
      return undefined;
    }
    if (matchesDigest(body, digest)) return body;
    try {
      rmSync(path, { force: true });
    } catch {
      // a cache folder we may read but not write: the stale blob stays, and is not used
    }
    return undefined;
  }

  writeBlob(digest: string, body: Buffer): void {
    if (isSupportedDigest(digest) && matchesDigest(body, digest)) this.write(this.blobPath(digest), body);
  }

  readTag(key: string): CachedTag | undefined {
    const path = this.tagPath(key);
    try {
      const entry = JSON.parse(readSourceFile(path, INPUT_LIMITS.registryTag)) as {
        key?: unknown;
        digest?: unknown;
      };
      if (entry.key !== key || typeof entry.digest !== 'string' || !isSupportedDigest(entry.digest))
        return undefined;
      const age = this.now() - statSync(path).mtimeMs;
      return { digest: entry.digest, fresh: age >= 0 && age < this.tagTtlMs };
    } catch {
      return undefined;
    }
  }

  writeTag(key: string, digest: string): void {
    this.write(this.tagPath(key), Buffer.from(JSON.stringify({ key, digest })));
  }

  private blobPath(digest: string): string {
    return join(this.dir, 'blobs', digest.replace(':', '-'));
  }

  private tagPath(key: string): string {
    return join(this.dir, 'tags', `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  /** A cache that cannot be written is slower, not wrong: the lookup itself already succeeded. */
  private write(path: string, body: Buffer): void {
    const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    try {
      writeFileSync(temp, body, { mode: 0o600 });
      renameSync(temp, path);
    } catch {
      rmSync(temp, { force: true });
    }
  }
}
