import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import { runProbeCli, spawnProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

/** A host whose /sys says 535.183.01 (CUDA ≤ 12.2). */
const r535 = () => fakeRoot({ sys: '535.183.01\n', devices: ONE_GPU });

describe('preflight probe cuda writes its env and status files both or neither', () => {
  it('a status path that is a folder fails (exit 2) before the env file is replaced', () => {
    const out = tempFiles({ env: '# the previous boot\n' });
    mkdirSync(join(out, 'status.json'));
    const run = runProbeCli([
      'cuda',
      '--root',
      r535(),
      '--require-cuda',
      '13.0',
      '--mode',
      'fallback',
      '--env-out',
      join(out, 'env'),
      '--status-file',
      join(out, 'status.json'),
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /status\.json: cannot write: it is a folder/);
    assert.equal(readFileSync(join(out, 'env'), 'utf8'), '# the previous boot\n');
    assert.deepEqual(readdirSync(out).sort(), ['env', 'status.json'], 'no temp left behind');
  });

  it('the same path for --env-out and --status-file is a usage error (exit 2) and writes nothing', () => {
    const out = tempFiles({ env: '# the previous boot\n' });
    const file = join(out, 'env');
    const run = runProbeCli([
      'cuda',
      '--root',
      r535(),
      '--require-cuda',
      '13.0',
      '--env-out',
      file,
      '--status-file',
      file,
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /--status-file: is also the env file/);
    assert.equal(readFileSync(file, 'utf8'), '# the previous boot\n');
  });

  it('concurrent probes on the same files leave env and status from one run', async () => {
    const out = tempFiles({});
    const envFile = join(out, 'env');
    const statusFile = join(out, 'status.json');
    const root = r535();
    // Each run is told apart by its required CUDA, which both files carry.
    const runs = ['11.8', '12.0', '12.1', '12.2', '13.0', '12.4'].map((cuda) =>
      spawnProbeCli([
        'cuda',
        '--root',
        root,
        '--require-cuda',
        cuda,
        '--mode',
        'warn',
        '--env-out',
        envFile,
        '--status-file',
        statusFile,
      ]),
    );
    for (const run of await Promise.all(runs)) assert.equal(run.code, 0, run.stderr);
    const status = JSON.parse(readFileSync(statusFile, 'utf8')) as { time: string };
    assert.match(readFileSync(envFile, 'utf8'), new RegExp(`^# preflight probe cuda ${status.time}:`, 'm'));
    assert.deepEqual(readdirSync(out).sort(), ['env', 'status.json']);
  });
});
