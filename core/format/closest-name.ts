import { osaDistance } from '../env/osa-distance';

/**
 * The candidate nearest `written`, when it is close enough to be a slip of the keyboard (a swapped,
 * missing or extra letter, other letter case, `_` for `-`): for "did you mean" hints on flags and
 * config keys. Edits are counted as the env-name check counts them (a swap is one edit).
 */
export function closestName(written: string, candidates: readonly string[]): string | undefined {
  const folded = fold(written);
  const bound = folded.length > 4 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = bound + 1;
  for (const candidate of candidates) {
    const edits = osaDistance(folded, fold(candidate), bound);
    if (edits < bestDistance) [best, bestDistance] = [candidate, edits];
  }
  return best;
}

function fold(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}
