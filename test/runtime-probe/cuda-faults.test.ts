import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseCudaVersion } from '../../core/cuda/cuda-version';
import type { CudaProbeOptions } from '../../runtime-probe/cuda-options';
import { cudaProbe } from '../../runtime-probe/cuda-probe';
import { fakeNvidiaSmi, fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import { nvidiaFixture } from '../harness/nvidia-fixtures';
import { logLine, runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

const TABLE = () => nvidiaFixture('smi-table__590.48.01__h200.txt');

function options(nvidiaSmi: string | undefined, extra: Partial<CudaProbeOptions> = {}): CudaProbeOptions {
  return {
    mode: 'fallback',
    required: { cuda: parseCudaVersion('12.4')!, source: 'test' },
    root: fakeRoot({ devices: ONE_GPU }),
    nvidiaSmi,
    path: undefined,
    timeoutMs: 5000,
    ...extra,
  };
}

describe('nvidia-smi faults', () => {
  it('hangs forever (and survives SIGKILL): the probe gives up at its deadline, reports unknown and exits', () => {
    const smi = fakeNvidiaSmi('', 0, { hang: true });
    const envFile = join(tempFiles({}), 'env');
    const run = runProbeCli([
      'cuda',
      '--root',
      fakeRoot({ devices: ONE_GPU }),
      '--nvidia-smi',
      smi.path,
      '--require-cuda',
      '12.4',
      '--timeout',
      '500ms',
      '--env-file',
      envFile,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(smi.ran());
    assert.ok(run.ms < 5000, `the probe process ended ${Math.round(run.ms)} ms after it started`);
    const log = logLine(run);
    assert.equal(log.verdict, 'unknown', 'a timeout is not a version mismatch');
    assert.equal(log.action, 'cpu-fallback', 'fallback mode decides what unknown means');
    assert.deepEqual(log.nvidia_smi, { path: smi.path, timed_out: true });
    assert.match(log.reason as string, /nvidia-smi did not answer within 0\.5 s and was abandoned/);
  });

  it('hangs in strict mode: unknown fails the boot, still within the deadline', async () => {
    const smi = fakeNvidiaSmi('', 0, { hang: true });
    const started = performance.now();
    const { report, decision } = await cudaProbe(options(smi.path, { mode: 'strict', timeoutMs: 300 }));
    assert.ok(performance.now() - started < 2000);
    assert.equal(report.verdict, 'unknown');
    assert.equal(decision.exitCode, 1);
  });

  const exits: [number, string, string][] = [
    [9, 'no-driver', 'NVIDIA driver is not loaded'],
    [14, 'unknown', 'infoROM is corrupted'],
    [15, 'unknown', 'GPU fell off the bus'],
    [18, 'unknown', 'driver/library version mismatch'],
    [255, 'unknown', 'internal driver error'],
  ];
  for (const [code, verdict, meaning] of exits) {
    it(`exits ${code} (${meaning}) → ${verdict}, even with a table on stdout`, async () => {
      // A corrupt infoROM prints a full table and still exits 14: a table is not success.
      const { report } = await cudaProbe(options(fakeNvidiaSmi(TABLE(), code).path));
      assert.equal(report.verdict, verdict);
      assert.equal(report.driver, null);
      assert.equal(report.nvidia_smi?.exit_code, code);
      assert.ok(report.reason.includes(`exited ${code} (${meaning}`), report.reason);
    });
  }

  it('prints garbage → unknown, with what it said (shortened, no control characters)', async () => {
    const garbage = `\u001b[31mSegmentation ${'x'.repeat(500)}\n\u0000\u0007 590.48.01?\n`;
    const { report } = await cudaProbe(options(fakeNvidiaSmi(garbage).path));
    assert.equal(report.verdict, 'unknown');
    assert.match(report.reason, /^nvidia-smi printed no driver version: "\[31mSegmentation x+…"$/);
  });

  it('names two different driver versions (two GPUs\' rows) → ambiguous, naming both, not "printed no driver version"', async () => {
    // The recorded two-GPU query (header and all), its second GPU's row edited to another driver.
    const twoDrivers = nvidiaFixture('smi-query-csv-header__570.86.15__titan-v+rtx5880.csv').replace(
      '8.9, Default, 570.86.15',
      '8.9, Default, 550.127.05',
    );
    const { report, decision } = await cudaProbe(options(fakeNvidiaSmi(twoDrivers).path, { mode: 'strict' }));
    assert.equal(report.verdict, 'ambiguous');
    assert.equal(report.driver, null);
    assert.match(report.reason, /ambiguous: it names driver versions 570\.86\.15 and 550\.127\.05/);
    assert.equal(decision.exitCode, 1, 'strict does not start on a driver it could not tell');
    const table = nvidiaFixture('smi-table__590.48.01__h200.txt');
    const log = nvidiaFixture('smi-q__595.80__l40s.txt');
    const both = await cudaProbe(options(fakeNvidiaSmi(`${table}\n${log}`).path));
    assert.equal(both.report.verdict, 'ambiguous', 'a table header and a -q log that disagree');
    assert.equal(both.decision.action, 'cpu-fallback');
  });

  it('is missing: devices but no nvidia-smi on PATH → unknown; no devices → no-driver, nothing run', async () => {
    const missing = await cudaProbe(options(undefined, { path: tempFiles({}) }));
    assert.equal(missing.report.verdict, 'unknown');
    assert.match(missing.report.reason, /no nvidia-smi on PATH/);
    const smi = fakeNvidiaSmi(TABLE());
    const none = await cudaProbe(options(undefined, { root: fakeRoot({}), path: smi.dir }));
    assert.equal(none.report.verdict, 'no-driver');
    assert.equal(smi.ran(), false);
  });

  it('is given but cannot start → unknown', async () => {
    const { report } = await cudaProbe(options('/nonexistent/nvidia-smi'));
    assert.equal(report.verdict, 'unknown');
    assert.match(report.reason, /nvidia-smi could not be started \(ENOENT\)/);
  });

  it('is found on PATH when not given', async () => {
    const smi = fakeNvidiaSmi(TABLE());
    const { report } = await cudaProbe(options(undefined, { path: `/nonexistent:${smi.dir}` }));
    assert.equal(report.driver, '590.48.01');
    assert.equal(report.driver_source, `nvidia-smi (${smi.path})`);
  });

  it('is never spawned when /sys/module/nvidia/version exists', async () => {
    const smi = fakeNvidiaSmi(TABLE());
    const root = fakeRoot({ sys: '550.127.05\n', devices: ONE_GPU });
    const { report } = await cudaProbe(options(smi.path, { root, path: smi.dir }));
    assert.equal(report.driver, '550.127.05');
    assert.equal(report.nvidia_smi, undefined);
    assert.equal(smi.ran(), false);
  });
});
