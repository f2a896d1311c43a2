/**
 * Optimal string alignment distance (restricted Damerau–Levenshtein): insertions, deletions,
 * substitutions and swaps of two adjacent characters each cost 1, and no substring is edited twice.
 * Compares UTF-16 code units; callers fold case first when they want a case-insensitive compare.
 *
 * With `bound`, it stops as soon as the answer must exceed it and returns `bound + 1`: a row's
 * minimum never decreases from one row to the next, so once it passes the bound the end result does too.
 */
export function osaDistance(a: string, b: string, bound = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  const over = bound + 1;
  if (Math.abs(a.length - b.length) > bound) return over;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;

  // Three rows of the (a.length + 1) × (b.length + 1) table: the swap looks two rows back.
  let twoBack = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);

  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        value = Math.min(value, twoBack[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return over;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  const distance = previous[b.length]!;
  return distance > bound ? over : distance;
}
