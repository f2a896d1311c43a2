import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cudaText } from '../../../core/cuda/cuda-version';
import { cudaDriverTable } from '../../../core/cuda/driver-table';
import { compareDriverVersions, parseDriverVersion } from '../../../core/cuda/driver-version';
import { maxCudaForDriver } from '../../../core/cuda/max-cuda-for-driver';

const driver = (text: string) => parseDriverVersion(text)!;
const max = (text: string) => {
  const cuda = maxCudaForDriver(driver(text));
  return cuda && cudaText(cuda);
};

describe('the toolkit → driver table', () => {
  const table = cudaDriverTable();

  it("keeps NVIDIA's release notes as its citation", () => {
    assert.match(table.source, /^NVIDIA CUDA Toolkit Release Notes/);
    assert.match(table.source, /docs\.nvidia\.com\/cuda\/archive\/13\.2\.2/);
  });

  it('has one row per minor with its GA driver, no 12.7, and no 13.4 (no Linux driver bundled)', () => {
    const rows = Object.fromEntries(table.minors.map((row) => [cudaText(row.cuda), row.minDriver.raw]));
    assert.equal(rows['11.0'], '450.51.05', '11.0 GA, not its release candidate');
    assert.equal(rows['12.0'], '525.60.13');
    assert.equal(rows['12.6'], '560.28.03');
    assert.equal(rows['12.8'], '570.26');
    assert.equal(rows['13.2'], '595.45.04');
    assert.equal(rows['13.3'], '610.43.02');
    assert.equal(rows['12.7'], undefined);
    assert.equal(rows['13.4'], undefined);
    assert.equal(table.minors.length, 22, '11.0-11.8, 12.0-12.9 but 12.7, 13.0-13.3');
  });

  it('has the minor-version-compatibility floor of each major', () => {
    assert.deepEqual(
      [...table.mvcFloors].map(([major, floor]) => `${major}:${floor.raw}`),
      ['11:450.80.02', '12:525.60.13', '13:580.65.06'],
    );
  });
});

describe('maxCudaForDriver', () => {
  it('matches every driver → CUDA pair the reference records', () => {
    const pairs: [string, string][] = [
      ['470.223.02', '11.4'],
      ['525.105.17', '12.0'],
      ['535.183.01', '12.2'],
      ['550.127.05', '12.4'],
      ['560.35.03', '12.6'],
      ['570.86.15', '12.8'],
      ['580.95.05', '13.0'],
      ['590.48.01', '13.1'],
      ['595.71.05', '13.2'],
      ['595.80', '13.2'],
      ['610.57.04', '13.3'],
    ];
    for (const [version, cuda] of pairs) assert.equal(max(version), cuda, version);
  });

  it('compares two-part versions part by part: 570.26 is 12.8, 455.23 is 11.1', () => {
    assert.equal(max('570.26'), '12.8');
    assert.equal(max('570.25.99'), '12.6');
    assert.equal(max('455.23'), '11.1');
  });

  it('maps a branch with no row to the row below, and a driver newer than the table to its newest row', () => {
    assert.equal(max('565.57.01'), '12.6');
    assert.equal(max('999.1.1'), '13.3');
  });

  it('gives nothing for a driver older than CUDA 11.0', () => {
    assert.equal(max('440.33.01'), undefined);
  });

  it('never goes down as the driver goes up', () => {
    const part = fc.integer({ min: 0, max: 999 });
    const version = fc
      .tuple(fc.integer({ min: 400, max: 700 }), part, fc.option(part, { nil: undefined }))
      .map(([a, b, c]) => driver(c === undefined ? `${a}.${b}` : `${a}.${b}.${c}`));
    fc.assert(
      fc.property(version, version, (a, b) => {
        const [low, high] = compareDriverVersions(a, b) <= 0 ? [a, b] : [b, a];
        const lowCuda = maxCudaForDriver(low);
        const highCuda = maxCudaForDriver(high);
        if (!lowCuda) return true;
        return (
          !!highCuda &&
          (highCuda.major > lowCuda.major ||
            (highCuda.major === lowCuda.major && highCuda.minor >= lowCuda.minor))
        );
      }),
    );
  });
});

describe('driver versions', () => {
  it('take two or three numeric parts, nothing else', () => {
    assert.deepEqual(driver('590.48.01').parts, [590, 48, 1]);
    assert.deepEqual(driver(' 595.80\n').parts, [595, 80]);
    for (const text of ['x86_64', '12', '590.48.01.1', 'N/A', 'Deprecated,', '']) {
      assert.equal(parseDriverVersion(text), null, text);
    }
  });

  it('compare numerically with a missing part as 0', () => {
    assert.equal(compareDriverVersions(driver('570.26'), driver('570.124.06')), -1);
    assert.equal(compareDriverVersions(driver('595.80'), driver('595.71.05')), 1);
    assert.equal(compareDriverVersions(driver('455.23'), driver('455.23.0')), 0);
  });
});
