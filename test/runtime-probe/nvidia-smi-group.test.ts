import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fakeNvidiaSmi, fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
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
});
