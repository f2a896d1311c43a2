import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cudaDecision } from '../../../core/cuda/cuda-decision';
import { type CudaVerdictName, cudaVerdict } from '../../../core/cuda/cuda-verdict';
import { parseCudaVersion } from '../../../core/cuda/cuda-version';
import { parseDriverVersion } from '../../../core/cuda/driver-version';

const found = (version: string) => ({
  state: 'found' as const,
  version: parseDriverVersion(version)!,
  source: 'test',
});
const verdict = (version: string, required: string) =>
  cudaVerdict(found(version), parseCudaVersion(required)!);

describe('cudaVerdict', () => {
  it('is compatible when the driver supports the required CUDA fully', () => {
    const result = verdict('550.127.05', '12.4');
    assert.equal(result.verdict, 'compatible');
    assert.equal(result.reason, 'driver 550.127.05 supports CUDA up to 12.4; the app needs 12.4');
    assert.equal(verdict('590.48.01', '11.8').verdict, 'compatible', 'backward compatibility across majors');
  });

  it('is minor-version compatible within a major at or above its floor, with the PTX caveat', () => {
    const result = verdict('535.183.01', '12.4');
    assert.equal(result.verdict, 'minor-version-compatible');
    assert.match(result.reason, /without PTX JIT/);
    assert.equal(
      verdict('580.65.06', '13.4').verdict,
      'minor-version-compatible',
      "the MVC guide's own example",
    );
    assert.equal(verdict('470.223.02', '11.8').verdict, 'minor-version-compatible');
  });

  it('is incompatible across majors or below the floor', () => {
    assert.equal(verdict('470.223.02', '12.1').verdict, 'incompatible', 'torch: "found version 11040"');
    assert.equal(verdict('575.57.08', '13.0').verdict, 'incompatible');
    assert.equal(verdict('450.51.06', '11.4').verdict, 'incompatible', 'below the 11.x floor 450.80.02');
    assert.equal(verdict('440.33.01', '12.0').verdict, 'incompatible');
  });

  it('keeps no driver and an unreadable driver apart from a mismatch', () => {
    const cuda = parseCudaVersion('12.4')!;
    assert.equal(cudaVerdict({ state: 'absent', reason: 'none' }, cuda).verdict, 'no-driver');
    assert.equal(cudaVerdict({ state: 'unknown', reason: 'timed out' }, cuda).verdict, 'unknown');
  });

  it('cannot tell for a CUDA older than the table on a driver older than the table', () => {
    assert.equal(verdict('440.33.01', '10.2').verdict, 'unknown');
    assert.equal(verdict('535.183.01', '10.2').verdict, 'compatible');
  });
});

describe('cudaDecision', () => {
  const table: [CudaVerdictName, string, string, string, string][] = [
    // verdict, strict, fallback, warn, off
    ['compatible', 'none/0', 'none/0', 'none/0', 'off/0'],
    ['minor-version-compatible', 'warn/0', 'warn/0', 'warn/0', 'off/0'],
    ['incompatible', 'fail/1', 'cpu-fallback/0', 'warn/0', 'off/0'],
    ['no-driver', 'fail/1', 'cpu-fallback/0', 'warn/0', 'off/0'],
    ['unknown', 'fail/1', 'cpu-fallback/0', 'warn/0', 'off/0'],
    ['ambiguous', 'fail/1', 'cpu-fallback/0', 'warn/0', 'off/0'],
  ];
  it('maps each verdict in each mode to an action and an exit code', () => {
    for (const [name, ...byMode] of table) {
      const got = (['strict', 'fallback', 'warn', 'off'] as const).map((mode) => {
        const decision = cudaDecision(name, mode);
        return `${decision.action}/${decision.exitCode}`;
      });
      assert.deepEqual(got, byMode, name);
    }
  });

  it('hides the GPU only on fallback', () => {
    assert.equal(cudaDecision('unknown', 'fallback').device, 'cpu');
    assert.equal(cudaDecision('unknown', 'warn').device, 'gpu');
    assert.equal(cudaDecision('incompatible', 'strict').device, 'gpu');
  });
});
