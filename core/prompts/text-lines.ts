import type { TextPosition } from './template-scan';

/** Offsets where each line of `text` starts: lines end at `\n`, the way every parser used here counts. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

/** The 1-based line and column of an offset. */
export function positionAt(starts: readonly number[], offset: number): TextPosition {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low]! + 1 };
}

/** The offset of a 1-based line and column. */
export function offsetAt(starts: readonly number[], position: TextPosition): number {
  return (starts[position.line - 1] ?? starts[starts.length - 1]!) + position.column - 1;
}
