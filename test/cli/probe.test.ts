import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cudaProbeOptions } from '../../runtime-probe/cuda-options';
import { fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

describe('preflight probe', () => {
  it('is listed in the help', () => {
    assert.match(
      runCli(['--help']).stdout,
      /^ {2}probe +boot-time checks before the app starts: CUDA driver, secrets, model files$/m,
    );
  });

  it("shows one check's options under `probe <check> --help`, and the overview under `probe --help`", () => {
    for (const [check, usage] of [
      ['cuda', 'preflight probe cuda'],
      ['secrets', 'preflight probe secrets'],
      ['model', 'preflight probe model [DIR]'],
    ] as const) {
      const help = runCli(['probe', check, '--help']);
      assert.equal(help.code, 0);
      assert.ok(help.stdout.includes(`Usage: ${usage}`), usage);
      assert.equal(help.stdout.match(/Usage: /g)?.length, 1, `only the ${check} check's usage`);
    }
    const overview = runCli(['probe', '--help']);
    assert.equal(overview.code, 0);
    assert.ok(overview.stdout.includes('Usage: preflight probe <cuda|secrets|model>'));
  });

  it('refuses a missing or unknown check with exit 2', () => {
    assert.equal(runCli(['probe']).code, 2);
    const unknown = runCli(['probe', 'gpu']);
    assert.equal(unknown.code, 2);
    assert.equal(
      unknown.stderr,
      'preflight: error: unknown check "gpu" (expected one of: cuda, secrets, model)\n',
    );
  });

  it('takes --env-out through the npm bin, where Node would claim --env-file for itself', () => {
    const root = fakeRoot({ sys: '535.183.01\n', devices: ONE_GPU });
    const envFile = join(tempFiles({}), 'env');
    const run = runCli([
      'probe',
      'cuda',
      '--root',
      root,
      '--require-cuda',
      '13.0',
      '--mode',
      'fallback',
      '--env-out',
      envFile,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(readFileSync(envFile, 'utf8'), /^export CUDA_VISIBLE_DEVICES=''$/m);
    // Both names at once is bad input; checked in-process, since Node itself would take --env-file here.
    assert.throws(
      () =>
        cudaProbeOptions(['--require-cuda', '13.0', '--env-out', envFile, '--env-file', `${envFile}2`], {}),
      /give --env-out or --env-file \(its old name\), not both/,
    );
  });
});
