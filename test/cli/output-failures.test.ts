import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

const CORPUS = join(__dirname, '..', 'fixtures', 'prompts');
/** Root may enter any folder: permission tests then run the CLI as `nobody`. */
const AS_OTHER_USER = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** The prompt corpus has blocking findings: `lint-prompts` on it exits 1. */
function lint(args: string[], options: Parameters<typeof runCli>[1] = {}) {
  return runCli(['lint-prompts', 'system', ...args], { cwd: CORPUS, ...options });
}

/** One line on stderr, the path and what is wrong with it; no stack, no "internal error". */
function assertOneLine(stderr: string, pattern: RegExp) {
  assert.equal(stderr.trimEnd().split('\n').length, 1, stderr);
  assert.match(stderr.trimEnd(), pattern);
  assert.doesNotMatch(stderr, /internal error|\n\s+at /);
}

describe('--output that cannot be written: one line, exit 2, nothing half-written', () => {
  it('a path under a regular file', () => {
    const dir = tempFiles({ report: 'a file, not a folder\n' });
    const run = lint(['--format', 'json', '--output', join(dir, 'report', 'out.json')]);
    assert.equal(run.code, 2);
    assertOneLine(run.stderr, /report\/out\.json: cannot write: a part of its path is a file, not a folder/);
    assert.equal(readFileSync(join(dir, 'report'), 'utf8'), 'a file, not a folder\n');
    assert.deepEqual(readdirSync(dir), ['report']);
  });

  it('a name too long for the file system (ENAMETOOLONG)', () => {
    const dir = tempFiles({});
    const run = lint(['--format', 'json', '--output', join(dir, `${'r'.repeat(300)}.json`)]);
    assert.equal(run.code, 2);
    assertOneLine(run.stderr, /r{300}\.json: cannot write: the path is too long/);
    assert.deepEqual(readdirSync(dir), []);
  });

  it('a folder the user may not enter', () => {
    const dir = tempFiles({});
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'locked'), { mode: 0o700 });
    chmodSync(join(dir, 'locked'), 0o000);
    const run = lint(['--format', 'json', '--output', join(dir, 'locked', 'out.json')], AS_OTHER_USER);
    chmodSync(join(dir, 'locked'), 0o700);
    assert.equal(run.code, 2);
    assertOneLine(run.stderr, /locked\/out\.json: cannot write: permission denied/);
    assert.deepEqual(readdirSync(join(dir, 'locked')), []);
  });
});

describe('$GITHUB_STEP_SUMMARY goes through the output writer', () => {
  it('at a folder: one warning naming the variable and the path, and the verdict keeps exit 1', () => {
    const dir = tempFiles({ 'summary/keep': '' });
    const run = lint(['--format', 'github'], { env: { GITHUB_STEP_SUMMARY: join(dir, 'summary') } });
    assert.equal(run.code, 1, run.stderr);
    assertOneLine(
      run.stderr,
      /^preflight: warning: GITHUB_STEP_SUMMARY \S+\/summary: cannot write: it is a folder; no step summary written$/,
    );
    assert.match(run.stdout, /^::error /m, 'the annotations are still written');
  });

  it('a regular file is appended to: what the earlier steps wrote stays', () => {
    const dir = tempFiles({ 'summary.md': '### an earlier step\n' });
    const run = lint(['--format', 'github'], { env: { GITHUB_STEP_SUMMARY: join(dir, 'summary.md') } });
    assert.equal(run.code, 1, run.stderr);
    const summary = readFileSync(join(dir, 'summary.md'), 'utf8');
    assert.ok(summary.startsWith('### an earlier step\n### preflight-guard lint-prompts:'), summary);
  });

  it('a FIFO gets the summary written into it, and its reader reads it', () => {
    const dir = tempFiles({});
    const pipe = join(dir, 'summary.pipe');
    execFileSync('mkfifo', [pipe]);
    const reader = openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const run = lint(['--format', 'github'], { env: { GITHUB_STEP_SUMMARY: pipe }, killAfterMs: 60_000 });
      assert.equal(run.code, 1, run.stderr);
      const buffer = Buffer.alloc(1 << 16);
      const read = readSync(reader, buffer, 0, buffer.length, null);
      assert.match(buffer.subarray(0, read).toString('utf8'), /^### preflight-guard lint-prompts:/);
    } finally {
      closeSync(reader);
    }
  });
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: llm }
spec:
  template:
    spec:
      containers:
        - name: server
          image: 127.0.0.1:1/acme/llm:1.0
`;

describe('a registry cache folder the user may not use (EACCES)', () => {
  /** A cache folder the CLI's user cannot enter, as one owned by another user with mode 0700 is. */
  function lockedCache() {
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'deployment.yaml'), 0o644);
    mkdirSync(join(dir, 'cache'), { mode: 0o000 });
    chmodSync(join(dir, 'cache'), 0o000);
    return dir;
  }

  it('online: one warning naming the folder, and the images are looked up without the cache', () => {
    const dir = lockedCache();
    const run = runCli(['check', 'deployment.yaml', '--registry', '--registry-cache', 'cache'], {
      cwd: dir,
      ...AS_OTHER_USER,
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assertOneLine(
      run.stderr,
      /^preflight: warning: cache: cannot use the registry cache folder: permission denied \(EACCES\); looking images up without it$/,
    );
    assert.match(run.stdout, /cannot resolve 127\.0\.0\.1:1\/acme\/llm:1\.0/);
  });

  it('offline, where the cache is the only source: exit 2, one line', () => {
    const dir = lockedCache();
    const run = runCli(['check', 'deployment.yaml', '--offline', '--registry-cache', 'cache'], {
      cwd: dir,
      ...AS_OTHER_USER,
    });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assertOneLine(
      run.stderr,
      /^preflight: error: cache: cannot use the registry cache folder: permission denied \(EACCES\)$/,
    );
  });
});

// mkdirSync's recursive mode loops forever where mkdir answers ENOENT under a folder that exists, as procfs
// does: the kill timeout is the hang guard (a killed run has code null), not a timing assertion.
describe('a registry cache folder under /proc (mkdir answers ENOENT): never a hang', {
  skip: !existsSync('/proc/self') && 'no procfs here',
}, () => {
  const HANG_GUARD_MS = 30_000;

  it('online: one warning naming the folder, and the images are looked up without the cache', () => {
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    const run = runCli(
      ['check', 'deployment.yaml', '--registry', '--registry-cache', '/proc/preflight-cache'],
      {
        cwd: dir,
        killAfterMs: HANG_GUARD_MS,
      },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assertOneLine(
      run.stderr,
      /^preflight: warning: .*proc\/preflight-cache: cannot use the registry cache folder: no such file or directory \(ENOENT\); looking images up without it$/,
    );
    assert.match(run.stdout, /cannot resolve 127\.0\.0\.1:1\/acme\/llm:1\.0/);
  });

  it('offline, where the cache is the only source: exit 2, one line', () => {
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    const run = runCli(
      ['check', 'deployment.yaml', '--offline', '--registry-cache', '/proc/preflight-cache'],
      {
        cwd: dir,
        killAfterMs: HANG_GUARD_MS,
      },
    );
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assertOneLine(
      run.stderr,
      /^preflight: error: .*proc\/preflight-cache: cannot use the registry cache folder: no such file or directory \(ENOENT\)$/,
    );
  });
});
