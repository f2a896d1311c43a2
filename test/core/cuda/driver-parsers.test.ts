import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { driverFromProc } from '../../../core/cuda/driver-from-proc';
import { driverVersionsFromSmiCsv } from '../../../core/cuda/driver-from-smi-csv';
import { driverFromSmiOutput, driverVersionsFromSmiOutput } from '../../../core/cuda/driver-from-smi-output';
import { driverVersionsFromSmiQuery } from '../../../core/cuda/driver-from-smi-query';
import { driverVersionsFromSmiTable } from '../../../core/cuda/driver-from-smi-table';
import { driverVersionsFromSmiVersion } from '../../../core/cuda/driver-from-smi-version';
import { driverVersionsFromSmiXml } from '../../../core/cuda/driver-from-smi-xml';
import { driverFromSysModule } from '../../../core/cuda/driver-from-sys-module';
import type { DriverVersion } from '../../../core/cuda/driver-version';
import { nvidiaFixture } from '../../harness/nvidia-fixtures';

/** The one version a parser found; null when it found none (or, for a test to see, several). */
function one(versions: DriverVersion[]): string | null {
  return versions.length === 1 ? versions[0]!.raw : null;
}

describe('driver version parsers, one per layout', () => {
  it('/proc/driver/nvidia/version: proprietary and open kernel modules, any arch, any spacing', () => {
    assert.equal(
      driverFromProc(nvidiaFixture('proc-driver-nvidia-version__470.223.02__proprietary.txt'))?.raw,
      '470.223.02',
    );
    // The open module's line, expanded from the format string the fixture records (its line 1 gives this expansion).
    const format = nvidiaFixture('proc-driver-nvidia-version__FORMAT__open-gpu-kernel-modules.txt');
    const open = format.replace(
      '%s',
      'NVIDIA UNIX Open Kernel Module for x86_64  580.95.05  Release Build  (dvs-builder@U16-I3-B03-4-3)  Thu Sep 25 20:47:21 UTC 2025',
    );
    assert.equal(driverFromProc(open)?.raw, '580.95.05');
    assert.equal(
      driverFromProc('NVRM version: NVIDIA UNIX Open Kernel Module for aarch64 595.80 Release Build')?.raw,
      '595.80',
    );
    assert.equal(driverFromProc(format), null, 'the bare format string names no version');
    assert.equal(driverFromProc('GCC version: 12.2'), null);
  });

  it('/sys/module/nvidia/version: the version alone', () => {
    assert.equal(driverFromSysModule('580.95.05\n')?.raw, '580.95.05');
    assert.equal(driverFromSysModule('garbage\n'), null);
  });

  it('the default table: every header era, and never the NVIDIA-SMI binary version', () => {
    assert.equal(
      one(driverVersionsFromSmiTable(nvidiaFixture('smi-table-head__525.147.05__geforce.txt'))),
      '525.147.05',
    );
    assert.equal(
      one(driverVersionsFromSmiTable(nvidiaFixture('smi-table-head__535.113.01__gtx-1050ti.txt'))),
      '535.113.01',
    );
    assert.equal(
      one(driverVersionsFromSmiTable(nvidiaFixture('smi-table__610.57.04__rtx-2080-super.txt'))),
      '610.57.04',
    );
    const snap = '| NVIDIA-SMI 470.256.02   Driver Version: 580.95.05   CUDA Version: 13.0     |';
    assert.equal(
      one(driverVersionsFromSmiTable(snap)),
      '580.95.05',
      'a snap-bundled R470 binary on an R580 driver',
    );
    assert.equal(
      one(driverVersionsFromSmiTable('| NVIDIA-SMI 590.48.01   Driver Version: N/A   CUDA Version: N/A |')),
      null,
    );
  });

  it('-q: Driver Version, or KMD Version where R610 deprecates it', () => {
    assert.equal(one(driverVersionsFromSmiQuery(nvidiaFixture('smi-q__595.80__l40s.txt'))), '595.80');
    const r610 = [
      '==============NVSMI LOG==============',
      'Driver Version                 : 610.57.04 [Deprecated; use KMD Version]',
      'KMD Version                    : 610.57.04',
      'CUDA UMD Version               : 13.3',
      'GPU 00000000:01:00.0',
      '    GSP Firmware Version       : 999.1.1',
    ].join('\n');
    assert.equal(one(driverVersionsFromSmiQuery(r610)), '610.57.04');
    assert.equal(
      one(driverVersionsFromSmiQuery('Driver Version : 590.48.01')),
      null,
      'no NVSMI LOG banner: not -q',
    );
  });

  it('--version: DRIVER version, KMD version on R610; never NVML or the binary', () => {
    assert.equal(one(driverVersionsFromSmiVersion(nvidiaFixture('smi-version__595.80__l40s.txt'))), '595.80');
    assert.equal(
      one(driverVersionsFromSmiVersion(nvidiaFixture('smi-version__610.57.04__rtx-2080-super.txt'))),
      '610.57.04',
    );
    const noDriver =
      'NVIDIA-SMI version  : 590.48.01\nNVML version        : 590.48\nDRIVER version      : N/A\n';
    assert.equal(one(driverVersionsFromSmiVersion(noDriver)), null);
  });

  it('-q -x: <driver_version>', () => {
    assert.equal(
      one(
        driverVersionsFromSmiXml(nvidiaFixture('smi-q-x-head__590.44.01__rtx-pro-6000-blackwell-maxq.xml')),
      ),
      '590.44.01',
    );
    const vgpu =
      '<nvidia_smi_log><driver_version>550.54.14</driver_version><cuda_version>Not Found</cuda_version>';
    assert.equal(
      one(driverVersionsFromSmiXml(vgpu)),
      '550.54.14',
      'a CUDA field that is text does not matter',
    );
  });

  it('CSV: the first column, or the driver_version column under a header; rows must agree', () => {
    assert.equal(one(driverVersionsFromSmiCsv('595.80\n595.80\n')), '595.80');
    assert.equal(
      one(driverVersionsFromSmiCsv(nvidiaFixture('smi-query-csv-header__570.86.15__titan-v+rtx5880.csv'))),
      '570.86.15',
    );
    assert.deepEqual(
      driverVersionsFromSmiCsv('590.48.01\n595.80\n590.48.01\n').map((version) => version.raw),
      ['590.48.01', '595.80'],
      'two drivers on one host: both are named, for the caller to refuse',
    );
    assert.equal(one(driverVersionsFromSmiCsv('driver_version\n')), null);
    assert.equal(
      one(driverVersionsFromSmiCsv(nvidiaFixture('smi-query-error__compute_cap-invalid-field__470.x.txt'))),
      null,
    );
  });

  it('names every driver version an answer holds, so two that disagree are ambiguous, not "no version"', () => {
    const raws = (text: string) => driverVersionsFromSmiOutput(text).versions.map((version) => version.raw);
    // The recorded two-GPU query, its second GPU's row edited to another driver.
    const csv = nvidiaFixture('smi-query-csv-header__570.86.15__titan-v+rtx5880.csv');
    assert.deepEqual(raws(csv), ['570.86.15']);
    const twoGpus = csv.replace(/8\.9, Default, 570\.86\.15/, '8.9, Default, 550.127.05');
    assert.deepEqual(raws(twoGpus), ['570.86.15', '550.127.05']);
    assert.equal(driverFromSmiOutput(twoGpus), null);
    // A table header and a -q log that disagree (a wrapper that prints both).
    const table = nvidiaFixture('smi-table__590.48.01__h200.txt');
    const log = nvidiaFixture('smi-q__595.80__l40s.txt');
    assert.deepEqual(raws(`${table}\n${log}`), ['595.80', '590.48.01']);
    assert.deepEqual(driverVersionsFromSmiOutput(`${table}\n${log}`).layouts, ['query-log', 'table']);
    // -q whose deprecated Driver Version and R610's KMD Version differ; -q -x with two driver elements.
    assert.deepEqual(raws(log.replace(/(\nDriver Version\s*: 595\.80)/, '$1\nKMD Version : 610.57.04')), [
      '610.57.04',
      '595.80',
    ]);
    const xml = nvidiaFixture('smi-q-x-head__590.44.01__rtx-pro-6000-blackwell-maxq.xml');
    assert.deepEqual(raws(`${xml}<driver_version>580.95.05</driver_version>`), ['590.44.01', '580.95.05']);
  });

  it('dispatches to the layout that recognises the text', () => {
    assert.equal(driverFromSmiOutput(nvidiaFixture('smi-q__590.48.01__h200.txt'))?.layout, 'query-log');
    assert.equal(driverFromSmiOutput(nvidiaFixture('smi-table__590.48.01__h200.txt'))?.layout, 'table');
    assert.equal(driverFromSmiOutput('\u0000\u00ff garbage 1.2.3.4.5'), null);
    assert.equal(driverFromSmiOutput(''), null);
  });
});
