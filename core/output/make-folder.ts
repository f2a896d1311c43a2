import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import { InputError } from '../errors';

/**
 * Creates `path` and its missing parents, one level at a time. Node's `mkdirSync(path, { recursive: true })`
 * loops forever where mkdir answers ENOENT under a folder that exists (procfs, sysfs: `/proc/x`); here each
 * missing folder is made once, so the work is bounded by the number of path parts. A folder that is already
 * there is fine; anything else is an InputError naming the folder that could not be made, whose `cause` is
 * the system error (its `code` is ENOENT, EACCES, …).
 */
export function makeFolder(path: string, mode = 0o777): void {
  const missing: string[] = [];
  for (let folder = resolve(path); ; folder = dirname(folder)) {
    if (isFolder(folder)) break;
    missing.unshift(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing) {
    try {
      mkdirSync(folder, { mode });
    } catch (error) {
      // EEXIST: made meanwhile (by another run), or a file: only a folder will do.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST' && isFolder(folder)) continue;
      throw cannotCreate(folder, error);
    }
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function cannotCreate(folder: string, error: unknown): InputError {
  const failure = new InputError(`cannot create folder: ${folderErrorWords(error)}`, { file: folder });
  failure.cause = error;
  return failure;
}

/** A system error in words, with its code: `no such file or directory (ENOENT)`. */
export function folderErrorWords(error: unknown): string {
  const { code, errno } = error as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'EEXIST') return 'a file is there, not a folder (EEXIST)';
  const words = errno === undefined ? undefined : getSystemErrorMap().get(errno)?.[1];
  return code ? `${words ?? 'failed'} (${code})` : String(error);
}
