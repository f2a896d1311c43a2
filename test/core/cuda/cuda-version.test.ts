import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCudaVersion } from '../../../core/cuda/cuda-version';

describe('parseCudaVersion', () => {
  it('reads every spelling a model card, a tag or a driver table gives the same CUDA release', () => {
    for (const text of ['12.1', '12.1.1', 'cuda12.1', 'CUDA-12.1', 'cu121', ' 12.1 ']) {
      assert.deepEqual(parseCudaVersion(text), { major: 12, minor: 1 }, text);
    }
    assert.deepEqual(parseCudaVersion('cu118'), { major: 11, minor: 8 });
    assert.deepEqual(parseCudaVersion('cu90'), { major: 9, minor: 0 });
  });

  it('refuses what names no major.minor release', () => {
    for (const text of ['12', 'cu12', 'twelve', '12.x', 'cu1210', '2.3.0+cu121', '']) {
      assert.equal(parseCudaVersion(text), null, text);
    }
  });
});
