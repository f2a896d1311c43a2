import assert from 'node:assert/strict';
import { InputError } from '../../core/errors';

/** Runs `fn`, asserts it throws an InputError, and returns it for further assertions. */
export function expectInputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    assert.ok(
      error instanceof InputError,
      `expected InputError, got ${(error as Error)?.stack ?? String(error)}`,
    );
    return error;
  }
  assert.fail('expected an InputError, but nothing was thrown');
}
