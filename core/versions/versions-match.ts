import type { VersionLevel } from '../model/config';
import { driftLevel } from './drift-level';
import type { Version } from './version';

/**
 * True when the versions agree as far as both were written, or differ only at a tolerated level.
 * Ignoring a level tolerates a difference AT that level and nothing more, where a pair's difference
 * is its highest differing level (driftLevel): `['patch']` accepts 12.1.1 against 12.1.2 but not 12.1
 * against 12.2; `['minor']` alone accepts 12.1 against 12.4 yet refuses 12.1.1 against 12.1.2. Levels
 * are listed explicitly so that a config says exactly what it lets through.
 */
export function versionsMatch(a: Version, b: Version, ignore: readonly VersionLevel[]): boolean {
  const drift = driftLevel(a, b);
  return drift === 'none' || ignore.includes(drift);
}
