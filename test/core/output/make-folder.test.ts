import assert from 'node:assert/strict';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../core/errors';
import { makeFolder } from '../../../core/output/make-folder';
import { tempFiles } from '../../harness/temp-files';

describe('makeFolder: one level at a time, never a loop', () => {
  it('makes the missing folders of a nested path, and takes one that is there', () => {
    const dir = tempFiles({});
    const nested = join(dir, 'a', 'b', 'c');
    makeFolder(nested, 0o700);
    assert.ok(statSync(nested).isDirectory());
    makeFolder(nested);
    makeFolder(dir);
  });

  it('a file in the way: an InputError naming it', () => {
    const dir = tempFiles({});
    writeFileSync(join(dir, 'report'), 'a file\n');
    assert.throws(
      () => makeFolder(join(dir, 'report')),
      (error) =>
        error instanceof InputError &&
        /report: cannot create folder: a file is there, not a folder \(EEXIST\)$/.test(error.describe()),
    );
    assert.throws(
      () => makeFolder(join(dir, 'report', 'inner')),
      (error) => error instanceof InputError && error.location?.file === join(dir, 'report'),
    );
  });

  // Where mkdirSync's recursive mode spins forever: mkdir answers ENOENT under /proc, which exists.
  it('under /proc: an InputError (ENOENT), not a hang', {
    skip: !existsSync('/proc/self') && 'no procfs here',
  }, () => {
    assert.throws(
      () => makeFolder('/proc/preflight-nope/cache'),
      (error) =>
        error instanceof InputError &&
        error.describe() === '/proc/preflight-nope: cannot create folder: no such file or directory (ENOENT)',
    );
  });
});
