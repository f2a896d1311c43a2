import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { distance as levenshtein } from 'fastest-levenshtein';
import { osaDistance } from '../../../core/env';

// Short strings over a small alphabet, so that equal letters, swaps and repeats come up often.
const name = fc.string({ unit: fc.constantFrom('A', 'B', 'C', '_', 'D'), maxLength: 12 });

describe('osaDistance', () => {
  it('counts inserts, deletes, substitutions and a neighbour swap as one edit each', () => {
    assert.equal(osaDistance('', ''), 0);
    assert.equal(osaDistance('', 'ABC'), 3);
    assert.equal(osaDistance('ABC', ''), 3);
    assert.equal(osaDistance('HF_TOKEN', 'HF_TOKEN'), 0);
    assert.equal(osaDistance('CUDA_VISABLE_DEVICES', 'CUDA_VISIBLE_DEVICES'), 1);
    assert.equal(osaDistance('OPNEAI_API_KEY', 'OPENAI_API_KEY'), 1);
    assert.equal(osaDistance('OPEN_API_KEY', 'OPENAI_API_KEY'), 2);
    assert.equal(osaDistance('kitten', 'sitting'), 3);
  });

  it('never edits a substring twice (unlike unrestricted Damerau: CA → ABC is 3, not 2)', () => {
    assert.equal(osaDistance('CA', 'ABC'), 3);
  });

  it('stops early past the bound and returns bound + 1', () => {
    assert.equal(osaDistance('OPENAI_API_KEY', 'NVIDIA_VISIBLE_DEVICES', 2), 3);
    assert.equal(osaDistance('AB', 'ABCDEFG', 3), 4);
    assert.equal(osaDistance('CUDA_VISABLE_DEVICES', 'CUDA_VISIBLE_DEVICES', 1), 1);
  });

  it('is symmetric', () => {
    fc.assert(fc.property(name, name, (a, b) => osaDistance(a, b) === osaDistance(b, a)));
  });

  it('is zero exactly when the strings are equal', () => {
    fc.assert(fc.property(name, name, (a, b) => (osaDistance(a, b) === 0) === (a === b)));
  });

  it('is at most the Levenshtein distance, and Levenshtein is at most twice it (the pre-filter relies on this)', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const osa = osaDistance(a, b);
        const lev = levenshtein(a, b);
        return osa <= lev && lev <= 2 * osa;
      }),
    );
  });

  it('with a bound, agrees with the unbounded distance capped at bound + 1', () => {
    fc.assert(
      fc.property(name, name, fc.nat({ max: 6 }), (a, b, bound) => {
        return osaDistance(a, b, bound) === Math.min(osaDistance(a, b), bound + 1);
      }),
    );
  });
});
