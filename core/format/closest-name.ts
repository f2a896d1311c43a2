import { distance } from 'fastest-levenshtein';

/**
 * The candidate nearest `written`, when it is close enough to be a slip of the keyboard (a swapped or
 * missing letter, other letter case, `_` for `-`): for "did you mean" hints on flags and config keys.
 */
export function closestName(written: string, candidates: readonly string[]): string | undefined {
  const folded = fold(written);
  // A transposition costs two edits; names of four letters or fewer allow one.
  const bound = folded.length > 4 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = bound + 1;
  for (const candidate of candidates) {
    const edits = distance(folded, fold(candidate));
    if (edits < bestDistance) [best, bestDistance] = [candidate, edits];
  }
  return best;
}

function fold(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}
