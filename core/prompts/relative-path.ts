import { relative, sep } from 'node:path';

/**
 * `file` relative to `base`, with `/` separators. Called for every file of a run, so a file inside
 * `base` (the usual case) is only sliced; `path.relative` resolves both paths first.
 */
export function relativePath(base: string, file: string): string {
  const prefix = base.endsWith(sep) ? base : base + sep;
  const path = file.startsWith(prefix) ? file.slice(prefix.length) : relative(base, file);
  return sep === '/' ? path : path.split(sep).join('/');
}
