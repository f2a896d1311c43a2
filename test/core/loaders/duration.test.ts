import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durationText, parseDuration } from '../../../core/loaders/duration';

describe('durations', () => {
  it('writes seconds the way the duration parser reads them back', () => {
    for (const [seconds, text] of [
      [90, '90s'],
      [1.5, '1500ms'],
      [0.1, '100ms'],
      [0, '0s'],
    ] as const) {
      assert.equal(durationText(seconds), text);
      assert.equal(parseDuration(text), seconds);
    }
  });
});
