import type { CudaProbeMode } from '../model/config';
import type { CudaVerdictName } from './cuda-verdict';

/** What the probe does: keep the GPU, keep it and warn, hide it (CPU safe mode), fail the boot, or nothing. */
export type CudaAction = 'none' | 'warn' | 'cpu-fallback' | 'fail' | 'off';

export interface CudaDecision {
  action: CudaAction;
  /** The device the app is left with: `cpu` only when the probe hid the GPUs. */
  device: 'gpu' | 'cpu';
  exitCode: 0 | 1;
  level: 'info' | 'warn' | 'error';
}

/**
 * What a verdict means in a mode. A GPU that cannot be used or verified (`incompatible`, `no-driver`,
 * `unknown`, `ambiguous`) fails the boot in `strict`, switches to CPU in `fallback` and is only logged in `warn`;
 * `unknown` is never reported as a mismatch, but strict mode does not start what it could not verify.
 * Minor-version compatibility runs everywhere, with a warning.
 */
export function cudaDecision(verdict: CudaVerdictName, mode: CudaProbeMode): CudaDecision {
  if (mode === 'off') return { action: 'off', device: 'gpu', exitCode: 0, level: 'info' };
  if (verdict === 'compatible') return { action: 'none', device: 'gpu', exitCode: 0, level: 'info' };
  if (verdict === 'minor-version-compatible' || mode === 'warn') {
    return { action: 'warn', device: 'gpu', exitCode: 0, level: 'warn' };
  }
  if (mode === 'strict') return { action: 'fail', device: 'gpu', exitCode: 1, level: 'error' };
  return { action: 'cpu-fallback', device: 'cpu', exitCode: 0, level: 'warn' };
}
