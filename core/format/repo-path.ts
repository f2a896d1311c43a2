import { isAbsolute, relative, resolve, sep } from 'node:path';

/**
 * `file` relative to the repository root with forward slashes, so the same finding reads the same
 * on every machine and GitHub can map it to a file in the repository.
 */
export function repoPath(file: string, cwd: string): string {
  const path = relative(cwd, isAbsolute(file) ? file : resolve(cwd, file));
  return path === '' ? '.' : path.split(sep).join('/');
}
