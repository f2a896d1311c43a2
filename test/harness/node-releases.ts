import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli';

export interface NodeRelease {
  version: string;
  /** The folder holding that release's `node`, to put first on PATH. */
  bin: string;
}

/**
 * The node running the tests, plus every release `.ci/run` fetched into `.ci/node/` (Node 22 and 24 in
 * CI; none on a machine that never ran it). One entry per version.
 */
export function nodeReleases(): NodeRelease[] {
  const cache = join(REPO_ROOT, '.ci', 'node');
  const fetched = existsSync(cache)
    ? readdirSync(cache)
        .map((release) => join(cache, release, 'package', 'bin'))
        .filter((bin) => existsSync(join(bin, 'node')))
    : [];
  const releases = new Map<string, NodeRelease>();
  for (const bin of [join(process.execPath, '..'), ...fetched]) {
    const version = execFileSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).trim();
    if (!releases.has(version)) releases.set(version, { version, bin });
  }
  return [...releases.values()];
}
