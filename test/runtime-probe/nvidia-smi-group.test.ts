import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCudaVersion } from '../../core/cuda/cuda-version';
import { cudaProbe } from '../../runtime-probe/cuda-probe';
import { fakeNvidiaSmi, fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import { nvidiaFixture } from '../harness/nvidia-fixtures';
import { logLine, runProbeCli } from '../harness/run-probe';

/** Whether `pid` still runs: a zombie (killed, not yet reaped by init) does not. */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('a hung nvidia-smi', () => {
  it('is killed with its whole process group: the child it forked does not outlive the probe', async () => {
    // A fake nvidia-smi on PATH that forks a sleeping child and waits for it.
    const smi = fakeNvidiaSmi('', 0, { hang: true });
    const run = runProbeCli(
      [
        'cuda',
        '--root',
        fakeRoot({ devices: ONE_GPU }),
        '--require-cuda',
        '12.4',
        '--mode',
        'warn',
        '--timeout',
        '500ms',
      ],
      { env: { PATH: `${smi.dir}:${process.env.PATH}` } },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(logLine(run).verdict, 'unknown');
    const child = smi.hungChild();
    assert.ok(child !== undefined, 'the fake started its child');
    // SIGKILL was sent before the probe exited; give the kernel a generous bound to finish it.
    for (let tries = 0; tries < 100 && running(child); tries++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(running(child), false, `the forked child ${child} still runs`);
  });

  it('a valid answer whose child keeps stdout open is read when nvidia-smi exits, not reported as a timeout', async () => {
    // A wrapper script that prints the recorded query, backgrounds a sleep holding the pipe, and exits 0.
    const smi = fakeNvidiaSmi(nvidiaFixture('smi-query-5fields-DERIVED__590.48.01__h200.csv'), 0, {
      leaveChild: true,
    });
    const { report } = await cudaProbe({
      mode: 'strict',
      required: { cuda: parseCudaVersion('12.4')!, source: 'test' },
      root: fakeRoot({ devices: ONE_GPU }),
      nvidiaSmi: smi.path,
      path: undefined,
      timeoutMs: 20_000,
    });
    assert.equal(report.verdict, 'compatible', report.reason);
    assert.equal(report.driver, '590.48.01');
    assert.deepEqual(report.nvidia_smi, { path: smi.path, exit_code: 0, signal: null, layout: 'csv' });
    // What the wrapper left behind was in nvidia-smi's process group, and went with it.
    const child = smi.hungChild();
    assert.ok(child !== undefined, 'the fake started its child');
    for (let tries = 0; tries < 100 && running(child); tries++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(running(child), false, `the background child ${child} still runs`);
  });
});
