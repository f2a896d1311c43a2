import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { envFileText } from '../../runtime-probe/env-file';
import { REPO_ROOT } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';
import { SHELLS } from './shells';

const WRAPPER = join(REPO_ROOT, 'runtime-probe', 'with-preflight-env');

/** A stand-in for the app: prints its arguments and the variables the probe sets, as JSON. */
const APP = [
  process.execPath,
  '-e',
  'const e=process.env;console.log(JSON.stringify({args:process.argv.slice(1),cuda:e.CUDA_VISIBLE_DEVICES??null,device:e.PREFLIGHT_DEVICE??null,reason:e.PREFLIGHT_REASON??null}))',
];

const ARGS = [
  'a b',
  '',
  "it's",
  '"quoted"',
  '*',
  '?',
  '$HOME',
  '`id`',
  '$(id)',
  'line\nbreak',
  '  ',
  '--',
  '--env-file',
  '\\',
  '-e',
];

function wrap(shell: string[], args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
  const result = spawnSync(shell[0]!, [...shell.slice(1), WRAPPER, ...args], {
    env: { PATH: process.env.PATH, ...options.env },
    cwd: options.cwd,
    encoding: 'utf8',
  });
  return {
    code: result.status,
    stderr: result.stderr,
    app: result.stdout ? JSON.parse(result.stdout) : undefined,
  };
}

describe('with-preflight-env', () => {
  for (const shell of SHELLS) {
    describe(`under ${shell.name}`, () => {
      it('sources the env file, then runs the command with every argument unchanged', (t) => {
        if (shell.missing) return t.skip(shell.missing);
        const dir = tempFiles({});
        const envFile = join(dir, 'env');
        writeFileSync(
          envFile,
          envFileText('test', {
            CUDA_VISIBLE_DEVICES: '',
            PREFLIGHT_DEVICE: 'cpu',
            PREFLIGHT_REASON: "driver's too old: $(id)",
          }),
        );
        const run = wrap(shell.argv, ['--env-file', envFile, '--', ...APP, ...ARGS], { cwd: dir });
        assert.equal(run.code, 0, run.stderr);
        assert.deepEqual(run.app, { args: ARGS, cuda: '', device: 'cpu', reason: "driver's too old: $(id)" });
        assert.equal(run.stderr, '');
      });

      it('reads PREFLIGHT_ENV_FILE, and a bare file name from the current folder (not from PATH)', (t) => {
        if (shell.missing) return t.skip(shell.missing);
        const dir = tempFiles({ env: envFileText('test', { PREFLIGHT_DEVICE: 'gpu' }) });
        assert.equal(
          wrap(shell.argv, APP, { env: { PREFLIGHT_ENV_FILE: join(dir, 'env') } }).app.device,
          'gpu',
        );
        assert.equal(wrap(shell.argv, ['--env-file', 'env', ...APP], { cwd: dir }).app.device, 'gpu');
      });

      it('starts the app unchanged, with a warning, when the env file is missing', (t) => {
        if (shell.missing) return t.skip(shell.missing);
        const run = wrap(shell.argv, ['--env-file', '/nonexistent/env', ...APP, 'x y']);
        assert.equal(run.code, 0);
        assert.deepEqual(run.app, { args: ['x y'], cuda: null, device: null, reason: null });
        assert.match(
          run.stderr,
          /with-preflight-env: \/nonexistent\/env not found; starting .* without the probe's settings/,
        );
      });

      it('refuses to run without a command (exit 2)', (t) => {
        if (shell.missing) return t.skip(shell.missing);
        assert.equal(wrap(shell.argv, []).code, 2);
        assert.equal(wrap(shell.argv, ['--env-file']).code, 2);
      });
    });
  }
});
