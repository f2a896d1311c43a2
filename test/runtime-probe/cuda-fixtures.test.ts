import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CudaVerdictName } from '../../core/cuda/cuda-verdict';
import { parseCudaVersion } from '../../core/cuda/cuda-version';
import type { SmiLayout } from '../../core/cuda/driver-from-smi-output';
import type { CudaProbeOptions } from '../../runtime-probe/cuda-options';
import { cudaProbe } from '../../runtime-probe/cuda-probe';
import { fakeNvidiaSmi, fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import { nvidiaFixture, nvidiaFixtureNames, nvidiaFixtureProvenance } from '../harness/nvidia-fixtures';

interface Expected {
  driver: string | null;
  maxCuda: string | null;
  /** The CUDA the replayed app needs. */
  required: string;
  verdict: CudaVerdictName;
}

/**
 * Every recorded nvidia-smi output, replayed by a fake nvidia-smi on a fake root that has GPU device
 * nodes but no /sys or /proc version file (so the probe must run it). `exit` is the recorded exit
 * status where line 1 gives one, else the manual's code for that message.
 */
const SMI_REPLAYS: Record<string, Expected & { exit: number; layout?: SmiLayout }> = {
  'smi-table__525.125.06__geforce-truncated.txt': smi(
    0,
    'table',
    '525.125.06',
    '12.0',
    '12.4',
    'minor-version-compatible',
  ),
  'smi-table-head__525.147.05__geforce.txt': smi(
    0,
    'table',
    '525.147.05',
    '12.0',
    '12.1',
    'minor-version-compatible',
  ),
  'smi-table-head__535.113.01__gtx-1050ti.txt': smi(0, 'table', '535.113.01', '12.2', '12.2', 'compatible'),
  'smi-table__550.127.05__a10.txt': smi(0, 'table', '550.127.05', '12.4', '12.4', 'compatible'),
  'smi-table__590.48.01__h100-80gb-hbm3.txt': smi(0, 'table', '590.48.01', '13.1', '12.4', 'compatible'),
  'smi-table__590.48.01__h100-mig.txt': smi(
    0,
    'table',
    '590.48.01',
    '13.1',
    '13.2',
    'minor-version-compatible',
  ),
  'smi-table__590.48.01__h200.txt': smi(0, 'table', '590.48.01', '13.1', '13.1', 'compatible'),
  'smi-table__595.71.05__rtx-4080-super.txt': smi(
    0,
    'table',
    '595.71.05',
    '13.2',
    '13.3',
    'minor-version-compatible',
  ),
  'smi-table__610.57.04__rtx-2080-super.txt': smi(0, 'table', '610.57.04', '13.3', '13.3', 'compatible'),
  'smi-version__590.48.01__h100-80gb-hbm3.txt': smi(0, 'version', '590.48.01', '13.1', '12.1', 'compatible'),
  'smi-version__590.48.01__h100-mig.txt': smi(0, 'version', '590.48.01', '13.1', '13.1', 'compatible'),
  'smi-version__590.48.01__h200.txt': smi(
    0,
    'version',
    '590.48.01',
    '13.1',
    '13.2',
    'minor-version-compatible',
  ),
  'smi-version__595.71.05__rtx-4080-super.txt': smi(0, 'version', '595.71.05', '13.2', '13.2', 'compatible'),
  'smi-version__595.80__l40s.txt': smi(0, 'version', '595.80', '13.2', '13.2', 'compatible'),
  'smi-version__610.57.04__rtx-2080-super.txt': smi(
    0,
    'version',
    '610.57.04',
    '13.3',
    '13.4',
    'minor-version-compatible',
  ),
  'smi-q__535.129.03__a10.txt': smi(0, 'query-log', '535.129.03', '12.2', '12.4', 'minor-version-compatible'),
  'smi-q__550.127.05__a10.txt': smi(0, 'query-log', '550.127.05', '12.4', '12.6', 'minor-version-compatible'),
  'smi-q__560.35.03__titan-v.txt': smi(0, 'query-log', '560.35.03', '12.6', '12.6', 'compatible'),
  'smi-q__590.48.01__h100-80gb-hbm3.txt': smi(0, 'query-log', '590.48.01', '13.1', '13.0', 'compatible'),
  'smi-q__590.48.01__h100-mig.txt': smi(0, 'query-log', '590.48.01', '13.1', '12.8', 'compatible'),
  'smi-q__590.48.01__h200.txt': smi(0, 'query-log', '590.48.01', '13.1', '13.1', 'compatible'),
  'smi-q__595.71.05__rtx-4080-super.txt': smi(0, 'query-log', '595.71.05', '13.2', '13.1', 'compatible'),
  'smi-q__595.80__l40s.txt': smi(0, 'query-log', '595.80', '13.2', '13.2', 'compatible'),
  'smi-q-first-gpu__535.161.08__8x-h100.txt': smi(0, 'query-log', '535.161.08', '12.2', '12.1', 'compatible'),
  'smi-q-first-gpu__535.183.01__8x-h100.txt': smi(
    0,
    'query-log',
    '535.183.01',
    '12.2',
    '13.0',
    'incompatible',
  ),
  // Cut off mid-GPU: its head, which names the driver, is intact.
  'smi-q-INVALID__535.183.01__h100-truncated.txt': smi(
    0,
    'query-log',
    '535.183.01',
    '12.2',
    '12.2',
    'compatible',
  ),
  'smi-q-x-head__590.44.01__rtx-pro-6000-blackwell-maxq.xml': smi(
    0,
    'xml',
    '590.44.01',
    '13.1',
    '13.0',
    'compatible',
  ),
  'smi-query-5fields-DERIVED__590.48.01__h100-80gb-hbm3.csv': smi(
    0,
    'csv',
    '590.48.01',
    '13.1',
    '12.4',
    'compatible',
  ),
  'smi-query-5fields-DERIVED__590.48.01__h100-mig.csv': smi(
    0,
    'csv',
    '590.48.01',
    '13.1',
    '13.1',
    'compatible',
  ),
  'smi-query-5fields-DERIVED__590.48.01__h200.csv': smi(
    0,
    'csv',
    '590.48.01',
    '13.1',
    '13.2',
    'minor-version-compatible',
  ),
  'smi-query-5fields-DERIVED__595.71.05__rtx-4080-super.csv': smi(
    0,
    'csv',
    '595.71.05',
    '13.2',
    '12.9',
    'compatible',
  ),
  'smi-query-5fields-DERIVED__595.80__l40s.csv': smi(
    0,
    'csv',
    '595.80',
    '13.2',
    '13.3',
    'minor-version-compatible',
  ),
  'smi-query-5fields-DERIVED__610.57.04__rtx-2080-super.csv': smi(
    0,
    'csv',
    '610.57.04',
    '13.3',
    '13.3',
    'compatible',
  ),
  'smi-query-csv-header__570.86.15__titan-v+rtx5880.csv': smi(
    0,
    'csv',
    '570.86.15',
    '12.8',
    '13.0',
    'incompatible',
  ),
  // Outputs that carry no driver version: unreadable, never a guess.
  'smi-L__570.86.15__titan-v+rtx5880.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-L__590.48.01__h100-80gb-hbm3.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-L__590.48.01__h100-mig.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-L__590.48.01__h200.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-L__595.71.05__rtx-4080-super.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-L__595.80__l40s.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-L__610.57.04__rtx-2080-super.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-L__mig-a100-graphics-device__nvidia-container-toolkit-readme.txt': smi(
    0,
    undefined,
    null,
    null,
    '12.4',
    'unknown',
  ),
  'smi-help-query-gpu__590.48.01.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  'smi-help-query-gpu__610.57.04.txt': smi(0, undefined, null, null, '12.4', 'unknown'),
  // Failures, by exit status: 9 and 6 leave nothing to run on; the others are an unhealthy GPU.
  'smi-error__no-driver__couldnt-communicate.txt': smi(9, undefined, null, null, '12.4', 'no-driver'),
  'smi-error__no-devices-found.txt': smi(6, undefined, null, null, '12.4', 'no-driver'),
  'smi-error__gpu-lost-xid79.txt': smi(15, undefined, null, null, '12.4', 'unknown'),
  'smi-error__nvml-driver-library-mismatch__exit18.txt': smi(18, undefined, null, null, '12.4', 'unknown'),
  'smi-query-error__compute_cap-invalid-field__470.x.txt': smi(2, undefined, null, null, '12.4', 'unknown'),
  'smi-query-error__device_minor-invalid-field__stdout-exit2.txt': smi(
    2,
    undefined,
    null,
    null,
    '12.4',
    'unknown',
  ),
};

/** Kernel-module version files, replayed at their place in a fake root; nvidia-smi must never run. */
const HOST_FILE_REPLAYS: Record<string, Expected & { at: 'sys' | 'proc' }> = {
  'sys-module-nvidia-version__DERIVED-example.txt': {
    at: 'sys',
    ...expect('580.95.05', '13.0', '13.1', 'minor-version-compatible'),
  },
  'proc-driver-nvidia-version__470.223.02__proprietary.txt': {
    at: 'proc',
    ...expect('470.223.02', '11.4', '12.1', 'incompatible'),
  },
  'proc-driver-nvidia-version__525.105.17__proprietary.txt': {
    at: 'proc',
    ...expect('525.105.17', '12.0', '12.1', 'minor-version-compatible'),
  },
};

/** Text that is not nvidia-smi output (app errors, image env, logs): printed by a fake nvidia-smi, it must read as unknown. */
const OTHER_KINDS = [
  'app-error__',
  'container-entrypoint__',
  'dmesg__',
  'gfd-node-labels__',
  'image-env__',
  'validator-log__',
];
/** A format illustration (`%s`), not a capture: the open-module layout is expanded from it in the parser tests. */
const FORMAT_ONLY = 'proc-driver-nvidia-version__FORMAT__open-gpu-kernel-modules.txt';

function smi(
  exit: number,
  layout: SmiLayout | undefined,
  driver: string | null,
  maxCuda: string | null,
  required: string,
  verdict: CudaVerdictName,
) {
  return { exit, layout, ...expect(driver, maxCuda, required, verdict) };
}

function expect(
  driver: string | null,
  maxCuda: string | null,
  required: string,
  verdict: CudaVerdictName,
): Expected {
  return { driver, maxCuda, required, verdict };
}

function options(root: string, nvidiaSmi: string, required: string): CudaProbeOptions {
  return {
    mode: 'warn',
    required: { cuda: parseCudaVersion(required)!, source: 'test' },
    root,
    nvidiaSmi,
    path: undefined,
    timeoutMs: 10_000,
  };
}

describe('every recorded NVIDIA output, replayed', () => {
  it('classifies every fixture file (a new one must be added to a table here)', () => {
    const unclassified = nvidiaFixtureNames().filter(
      (name) =>
        !(name in SMI_REPLAYS) &&
        !(name in HOST_FILE_REPLAYS) &&
        name !== FORMAT_ONLY &&
        !OTHER_KINDS.some((kind) => name.startsWith(kind)),
    );
    assert.deepEqual(unclassified, []);
  });

  it('pins the exit status line 1 of a fixture records', () => {
    for (const [name, replay] of Object.entries(SMI_REPLAYS)) {
      const recorded = /exit=(\d+)/.exec(nvidiaFixtureProvenance(name))?.[1];
      if (recorded !== undefined) assert.equal(replay.exit, Number(recorded), name);
    }
  });

  for (const [name, want] of Object.entries(SMI_REPLAYS)) {
    it(`nvidia-smi ${name} (exit ${want.exit}) → ${want.driver ?? 'no driver'}, ${want.verdict}`, async () => {
      const fake = fakeNvidiaSmi(nvidiaFixture(name), want.exit);
      const { report } = await cudaProbe(options(fakeRoot({ devices: ONE_GPU }), fake.path, want.required));
      assert.ok(fake.ran(), 'nvidia-smi was run');
      assert.deepEqual(
        {
          driver: report.driver,
          maxCuda: report.max_cuda,
          verdict: report.verdict,
          layout: report.nvidia_smi?.layout,
        },
        { driver: want.driver, maxCuda: want.maxCuda, verdict: want.verdict, layout: want.layout },
        report.reason,
      );
      assert.equal(report.nvidia_smi?.exit_code, want.exit);
    });
  }

  for (const [name, want] of Object.entries(HOST_FILE_REPLAYS)) {
    it(`${want.at} ${name} → ${want.driver}, ${want.verdict}, without running nvidia-smi`, async () => {
      const fake = fakeNvidiaSmi(nvidiaFixture('smi-table__590.48.01__h200.txt'));
      const root = fakeRoot({ [want.at]: nvidiaFixture(name), devices: ONE_GPU });
      const { report } = await cudaProbe(options(root, fake.path, want.required));
      assert.deepEqual(
        { driver: report.driver, maxCuda: report.max_cuda, verdict: report.verdict },
        { driver: want.driver, maxCuda: want.maxCuda, verdict: want.verdict },
      );
      assert.match(
        report.driver_source!,
        want.at === 'sys' ? /sys\/module\/nvidia\/version$/ : /proc\/driver\/nvidia\/version$/,
      );
      assert.equal(fake.ran(), false, 'nvidia-smi must not be spawned when a version file exists');
    });
  }

  it(`${FORMAT_ONLY}: an unreadable /proc file falls through to nvidia-smi`, async () => {
    const fake = fakeNvidiaSmi(nvidiaFixture('smi-table__590.48.01__h200.txt'));
    const root = fakeRoot({ proc: nvidiaFixture(FORMAT_ONLY), devices: ONE_GPU });
    const { report } = await cudaProbe(options(root, fake.path, '12.4'));
    assert.equal(report.driver, '590.48.01');
    assert.ok(fake.ran());
  });

  for (const name of nvidiaFixtureNames().filter((file) =>
    OTHER_KINDS.some((kind) => file.startsWith(kind)),
  )) {
    it(`${name}, printed by nvidia-smi, reads as unknown`, async () => {
      const fake = fakeNvidiaSmi(nvidiaFixture(name));
      const { report } = await cudaProbe(options(fakeRoot({ devices: ONE_GPU }), fake.path, '12.4'));
      assert.deepEqual(
        { driver: report.driver, verdict: report.verdict },
        { driver: null, verdict: 'unknown' },
      );
    });
  }
});
