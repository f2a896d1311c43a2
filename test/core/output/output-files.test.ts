import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  constants,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { InputError } from '../../../core/errors';
import { writeOutputFile, writeOutputFiles } from '../../../core/output/output-files';
import { tempFiles } from '../../harness/temp-files';

type Entry =
  | { kind: 'file'; content: string }
  | { kind: 'folder' }
  | { kind: 'fifo' }
  | { kind: 'link'; to: string };

const NAMES = ['a', 'b', 'c', 'd'] as const;

/** What every path under `dir` is: its type, and a file's content or a link's text. */
function snapshot(dir: string): Map<string, string> {
  const seen = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) seen.set(name, `link ${readlinkSync(path)}`);
    else if (stats.isFIFO()) seen.set(name, 'fifo');
    else if (stats.isDirectory()) seen.set(name, 'folder');
    else seen.set(name, `file ${readFileSync(path, 'utf8')}`);
  }
  return seen;
}

/** Where a write to `name` lands: the end of its symlink chain, or undefined for a loop. */
function linkEnd(entries: Record<string, Entry>, name: string): string | undefined {
  let current = name;
  for (let hops = 0; hops < 10; hops++) {
    const entry = entries[current];
    if (entry?.kind !== 'link') return current;
    current = entry.to;
  }
  return undefined;
}

const entry: fc.Arbitrary<Entry> = fc.oneof(
  fc.record({ kind: fc.constant('file' as const), content: fc.string({ maxLength: 20 }) }),
  fc.constant({ kind: 'folder' as const }),
  fc.constant({ kind: 'fifo' as const }),
  fc.record({ kind: fc.constant('link' as const), to: fc.constantFrom(...NAMES, 'missing') }),
);

describe('the output writer', () => {
  it('writing to any existing path type changes only the end of its symlink chain (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...NAMES), entry, { minKeys: 1 }),
        fc.constantFrom(...NAMES, 'missing'),
        fc.string({ minLength: 1, maxLength: 30 }),
        (entries, target, content) => {
          const dir = mkdtempSync(join(tmpdir(), 'preflight-output-'));
          const readers: number[] = [];
          try {
            for (const [name, each] of Object.entries(entries)) {
              const path = join(dir, name);
              if (each.kind === 'file') writeFileSync(path, each.content);
              if (each.kind === 'folder') mkdirSync(path);
              if (each.kind === 'link') symlinkSync(each.to, path);
              if (each.kind === 'fifo') {
                execFileSync('mkfifo', [path]);
                readers.push(openSync(path, constants.O_RDONLY | constants.O_NONBLOCK));
              }
            }
            const before = snapshot(dir);
            const end = linkEnd(entries, target);
            const endKind = end === undefined ? 'loop' : (entries[end]?.kind ?? 'new');
            let failed: unknown;
            try {
              writeOutputFile(join(dir, target), content);
            } catch (error) {
              failed = error;
            }
            const after = snapshot(dir);
            if (endKind === 'folder' || endKind === 'loop') {
              assert.ok(failed instanceof InputError, String(failed));
              assert.deepEqual(after, before);
              return;
            }
            assert.equal(failed, undefined);
            const expected = new Map(before);
            if (endKind === 'file' || endKind === 'new') expected.set(end!, `file ${content}`);
            assert.deepEqual(after, expected, 'only the end of the chain changed, nothing left behind');
            if (endKind === 'fifo') {
              const buffer = Buffer.alloc(1024);
              const fifoIndex = Object.entries(entries)
                .filter(([, each]) => each.kind === 'fifo')
                .findIndex(([name]) => name === end);
              const read = readSync(readers[fifoIndex]!, buffer, 0, buffer.length, null);
              assert.equal(buffer.subarray(0, read).toString('utf8'), content);
            }
          } finally {
            for (const fd of readers) closeSync(fd);
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps the mode of a file it replaces', () => {
    const dir = tempFiles({ env: 'old' });
    execFileSync('chmod', ['600', join(dir, 'env')]);
    writeOutputFile(join(dir, 'env'), 'new');
    assert.equal(lstatSync(join(dir, 'env')).mode & 0o777, 0o600);
  });

  it('writes both files or neither: a folder as the second target leaves the first untouched', () => {
    const dir = tempFiles({ env: 'before', 'status.json/keep': '' });
    assert.throws(
      () =>
        writeOutputFiles([
          { file: join(dir, 'env'), content: 'after' },
          { file: join(dir, 'status.json'), content: '{}' },
        ]),
      (error: unknown) => error instanceof InputError && /it is a folder/.test(error.message),
    );
    assert.equal(readFileSync(join(dir, 'env'), 'utf8'), 'before');
    assert.deepEqual(readdirSync(dir).sort(), ['env', 'status.json']);
  });

  it('refuses one file given twice, also through a symlink, and writes nothing', () => {
    const dir = tempFiles({ env: 'before' });
    symlinkSync('env', join(dir, 'alias'));
    assert.throws(
      () =>
        writeOutputFiles([
          { file: join(dir, 'env'), content: 'env' },
          { file: join(dir, 'alias'), content: 'status' },
        ]),
      /each output needs its own file/,
    );
    assert.equal(readFileSync(join(dir, 'env'), 'utf8'), 'before');
  });

  it('does not rename while another writer holds the lock, and breaks a stale lock', () => {
    const dir = tempFiles({ env: 'before' });
    const lock = join(dir, '.env.lock');
    writeFileSync(lock, '');
    assert.throws(
      () => writeOutputFiles([{ file: join(dir, 'env'), content: 'after' }]),
      /another writer holds/,
    );
    assert.equal(readFileSync(join(dir, 'env'), 'utf8'), 'before');
    assert.deepEqual(readdirSync(dir).sort(), ['.env.lock', 'env'], 'no temp left behind');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(lock, longAgo, longAgo);
    writeOutputFiles([{ file: join(dir, 'env'), content: 'after' }]);
    assert.equal(readFileSync(join(dir, 'env'), 'utf8'), 'after');
    assert.deepEqual(readdirSync(dir), ['env']);
  });
});
