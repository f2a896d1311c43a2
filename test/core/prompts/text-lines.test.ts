import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lineStarts, positionAt, positionsInOrder } from '../../../core/prompts/text-lines';

describe('positions in a text', () => {
  it('counted on from the last offset, agree with the table of line starts in any order of asking', () => {
    const text = fc.string({ unit: fc.constantFrom('a', '\n', '\r', ' '), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 12 }), (value, picks) => {
        const at = positionsInOrder(value);
        const starts = lineStarts(value);
        for (const pick of picks) {
          const offset = pick % (value.length + 1);
          assert.deepEqual(at(offset), positionAt(starts, offset), `${JSON.stringify(value)} @${offset}`);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
