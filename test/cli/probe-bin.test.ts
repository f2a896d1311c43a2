import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeRoot } from '../harness/fake-gpu-host';
import { nodeReleases } from '../harness/node-releases';
import { REPO_ROOT } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

/**
 * `preflight` as npm installs it: a link in a bin folder to dist/cli/main.js, started by its
 * `#!/usr/bin/env node` line with that release of node first on PATH (so node gets no `--`).
 */
function preflightBin(nodeBin: string, args: string[]) {
  const bin = tempFiles({});
  symlinkSync(join(REPO_ROOT, 'dist', 'cli', 'main.js'), join(bin, 'preflight'));
  return spawnSync(join(bin, 'preflight'), args, {
    env: { ...process.env, PATH: [nodeBin, bin, process.env.PATH].join(delimiter) },
    encoding: 'utf8',
  });
}

describe('the installed bin, as a user runs it, on every Node at hand', () => {
  for (const { version, bin } of nodeReleases()) {
    it(`node ${version}: probe cuda --env-out FILE writes CPU safe mode into a file that did not exist`, () => {
      const envFile = join(tempFiles({}), 'env');
      const args = ['probe', 'cuda', '--root', fakeRoot({}), '--require-cuda', '12.4', '--mode', 'fallback'];
      const run = preflightBin(bin, [...args, '--env-out', envFile]);
      assert.equal(run.status, 0, run.stderr);
      assert.match(readFileSync(envFile, 'utf8'), /^export CUDA_VISIBLE_DEVICES=''$/m);

      // Why the documented name is not --env-file: Node claims it here, before the probe starts.
      const old = join(tempFiles({}), 'env');
      const claimed = preflightBin(bin, [...args, '--env-file', old]);
      assert.deepEqual(
        { status: claimed.status, stderr: claimed.stderr },
        { status: 9, stderr: `node: ${old}: not found\n` },
      );
      assert.equal(existsSync(old), false);
    });
  }
});
