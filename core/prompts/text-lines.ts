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

/**
 * `positionAt` for offsets asked mostly in increasing order, as scanners ask them: newlines are
 * counted on from the last offset (from the start again when one goes back), so no table of line
 * starts is built for a text whose positions are only wanted near its beginning, or not at all.
 */
export function positionsInOrder(text: string): (offset: number) => TextPosition {
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  return (offset) => {
    if (offset < lineStart) {
      line = 1;
      lineStart = 0;
      counted = 0;
    }
    for (let newline = text.indexOf('\n', counted); newline !== -1 && newline < offset; ) {
      line++;
      lineStart = newline + 1;
      newline = text.indexOf('\n', lineStart);
    }
    counted = Math.max(counted, offset);
    return { line, column: offset - lineStart + 1 };
  };
}
