import type { Drift, Version } from './version';

/**
 * The highest level at which two versions differ, compared only as far as both were written: `12.1`
 * against `12.1.1` is `none`. A prerelease difference is a `patch` drift; build metadata never counts.
 */
export function driftLevel(a: Version, b: Version): Drift {
  if (a.major !== b.major) return 'major';
  const common = Math.min(a.precision, b.precision);
  if (common >= 2 && a.minor !== b.minor) return 'minor';
  if (common >= 3 && a.patch !== b.patch) return 'patch';
  if (prereleaseCounts(a, b) && !sameIdentifiers(a.prerelease, b.prerelease)) return 'patch';
  return 'none';
}

/**
 * A less precise version without a prerelease stands for every version under it (`12.1` covers
 * `12.1.0-rc1`); one that names a prerelease pins it (`2.4rc1` is not `2.4.0`).
 */
function prereleaseCounts(a: Version, b: Version): boolean {
  if (a.precision === b.precision) return true;
  const looser = a.precision < b.precision ? a : b;
  return looser.prerelease.length > 0;
}

function sameIdentifiers(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
