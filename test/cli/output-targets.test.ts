import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  lstatSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

const CORPUS = join(__dirname, '..', 'fixtures', 'prompts');

/** `preflight lint-prompts system --format json --output <out>` on the prompt corpus. */
function lintTo(out: string) {
  return runCli(['lint-prompts', 'system', '--format', 'json', '--output', out], { cwd: CORPUS });
}

function fifo(dir: string, name: string): string {
  const path = join(dir, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('--output never replaces what is not a regular file', () => {
  it('writes into a FIFO (its reader gets the report) and leaves the FIFO a FIFO', () => {
    const dir = tempFiles({});
    const pipe = fifo(dir, 'report.pipe');
    // A reader that is already there: non-blocking, so the test opens it without a writer.
    const reader = openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const run = lintTo(pipe);
      assert.equal(run.code, 1, run.stderr);
      assert.ok(lstatSync(pipe).isFIFO(), 'the FIFO is still a FIFO');
      const buffer = Buffer.alloc(1 << 16);
      const read = readSync(reader, buffer, 0, buffer.length, null);
      assert.ok(Array.isArray(JSON.parse(buffer.subarray(0, read).toString('utf8')).findings));
    } finally {
      closeSync(reader);
    }
  });

  it('refuses a FIFO with no reader after a bounded wait, with a clear error, instead of hanging', () => {
    const dir = tempFiles({});
    const pipe = fifo(dir, 'report.pipe');
    const run = lintTo(pipe);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /report\.pipe: cannot write: the FIFO has no reader/);
    assert.ok(lstatSync(pipe).isFIFO());
  });

  it('writes through a symlink: the link stays, its target gets the report', () => {
    const dir = tempFiles({ 'real.json': 'old' });
    const link = join(dir, 'report.json');
    symlinkSync('real.json', link);
    const run = lintTo(link);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.ok(Array.isArray(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).findings));
  });

  it('creates the target of a dangling symlink and keeps the link', () => {
    const dir = tempFiles({});
    const link = join(dir, 'report.json');
    symlinkSync('later.json', link);
    assert.equal(lintTo(link).code, 1);
    assert.ok(lstatSync(link).isSymbolicLink());
    assert.ok(statSync(join(dir, 'later.json')).isFile());
  });

  it('leaves /dev/null a character device', () => {
    const run = lintTo('/dev/null');
    assert.equal(run.code, 1, run.stderr);
    assert.ok(statSync('/dev/null').isCharacterDevice());
    assert.ok(lstatSync('/dev/null').isCharacterDevice());
  });

  it('writes /dev/stdout through to the process stdout', () => {
    const run = lintTo('/dev/stdout');
    assert.equal(run.code, 1, run.stderr);
    assert.ok(Array.isArray(JSON.parse(run.stdout).findings));
  });

  it('a folder is a clear error, exit 2', () => {
    const dir = tempFiles({ 'reports/keep': '' });
    const run = lintTo(join(dir, 'reports'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /reports: cannot write: it is a folder\n$/);
  });
});
