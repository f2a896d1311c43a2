import assert from 'node:assert/strict';
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../core/errors';
import { INPUT_LIMITS, readInputFile, readSourceFile } from '../../../core/loaders/source-file';
import { fileHashes } from '../../../runtime-probe/file-hashes';
import { tempFiles } from '../../harness/temp-files';

/** A file of `bytes` that takes no disk: `truncate -s`, as the 300 MB driver version file. */
function sparseFile(dir: string, name: string, start: string, bytes: number): string {
  const path = join(dir, name);
  writeFileSync(path, start);
  truncateSync(path, bytes);
  return path;
}

function refusal(pattern: RegExp, file: string) {
  return (error: unknown) =>
    error instanceof InputError && error.location?.file === file && pattern.test(error.message);
}

// The FIFO cases run the CLI under a kill guard (test/cli/input-fifos.test.ts): in this process, the
// old reader would have hung the test runner itself.
describe('the one input reader', () => {
  it('refuses a device instead of reading it until the size limit', () => {
    assert.throws(
      () => readInputFile('/dev/zero'),
      refusal(/^is a device, expected a regular file$/, '/dev/zero'),
    );
  });

  it('refuses a folder, naming it', () => {
    const dir = tempFiles({});
    assert.throws(() => readSourceFile(dir), refusal(/^is a folder, expected a regular file$/, dir));
  });

  it("checks a kind's size cap before reading: a 300 MB sparse file against the driver version's 64 KiB", () => {
    const file = sparseFile(tempFiles({}), 'version', '550.54.15\n', 300 * 1024 * 1024);
    assert.throws(
      () => readSourceFile(file, INPUT_LIMITS.driverVersion),
      refusal(/^file is 300\.0 MiB, over the 64 KiB limit for input files$/, file),
    );
  });

  it('reads /dev/null as an empty file, as `--config /dev/null` always has', () => {
    assert.equal(readSourceFile('/dev/null'), '');
  });

  it('takes a sysfs file whose size is a 64 KiB page (arm64 kernels with 64 KiB pages)', () => {
    // A regular file of that size stands in: sysfs itself returns only the version's bytes.
    const file = sparseFile(tempFiles({}), 'version', '550.54.15\n', 64 * 1024);
    const bytes = readInputFile(file, INPUT_LIMITS.driverVersion);
    assert.equal(bytes.subarray(0, 10).toString(), '550.54.15\n');
  });

  it('reads a procfs file, whose size says 0, to its end', () => {
    assert.match(readSourceFile('/proc/self/status', INPUT_LIMITS.driverVersion), /^Name:/);
  });
});

describe('hashing a model file streams it under a cap', () => {
  it('refuses a file over the cap before reading a byte', async () => {
    const file = sparseFile(tempFiles({}), 'model.safetensors', '', 64 * 1024 * 1024);
    await assert.rejects(fileHashes(file, 1024 * 1024), refusal(/over the 1\.0 MiB limit/, file));
  });

  it('refuses a folder with an input error, not a read error', async () => {
    const dir = tempFiles({ 'tokenizer.json/keep': '' });
    const file = join(dir, 'tokenizer.json');
    await assert.rejects(fileHashes(file), refusal(/^is a folder, expected a regular file$/, file));
  });

  it('hashes a file under the cap as git and sha256sum do', async () => {
    const dir = tempFiles({ 'config.json': '{}\n' });
    const hashes = await fileHashes(join(dir, 'config.json'));
    // `printf '{}\n' | git hash-object --stdin` and `| sha256sum`
    assert.equal(hashes.gitSha1, '0967ef424bce6791893e9a57bb952f80fd536e93');
    assert.equal(hashes.sha256, 'ca3d163bab055381827226140568f3bef7eaac187cebd76878e0b63e9e442356');
  });
});
