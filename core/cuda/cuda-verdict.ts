import { type CudaVersion, compareCudaVersions, cudaText } from './cuda-version';
import type { DriverReading } from './driver-reading';
import { type CudaDriverTable, cudaDriverTable } from './driver-table';
import { compareDriverVersions } from './driver-version';
import { maxCudaForDriver } from './max-cuda-for-driver';

/**
 * - `compatible`: the driver supports the required CUDA fully.
 * - `minor-version-compatible`: same major, driver at or above the major's MVC floor: it runs, but PTX
 *   newer than the driver cannot be JIT-compiled and APIs needing a newer driver fail (a warning).
 * - `incompatible`: it will not run (CUDA error 35/804 at first use).
 * - `no-driver`: no driver or no device to run on.
 * - `unknown`: could not tell (driver unreadable, probe timed out, CUDA older than the table).
 * - `ambiguous`: the driver's answer named more than one version; none is guessed at.
 */
export type CudaVerdictName =
  | 'compatible'
  | 'minor-version-compatible'
  | 'incompatible'
  | 'no-driver'
  | 'unknown'
  | 'ambiguous';

export interface CudaVerdict {
  verdict: CudaVerdictName;
  /** The newest CUDA the driver fully supports, from the table (never from nvidia-smi's CUDA field). */
  maxCuda?: CudaVersion;
  /** One sentence: what was compared and why it came out this way. */
  reason: string;
}

/** Compares the host driver with the CUDA an app was built for, by NVIDIA's toolkit → driver table. */
export function cudaVerdict(
  reading: DriverReading,
  required: CudaVersion,
  table: CudaDriverTable = cudaDriverTable(),
): CudaVerdict {
  if (reading.state === 'absent') return { verdict: 'no-driver', reason: reading.reason };
  if (reading.state === 'unknown') return { verdict: 'unknown', reason: reading.reason };
  if (reading.state === 'ambiguous') return { verdict: 'ambiguous', reason: reading.reason };
  const driver = reading.version.raw;
  const need = cudaText(required);
  const maxCuda = maxCudaForDriver(reading.version, table);
  const oldest = table.minors[0]!.cuda;
  if (!maxCuda) {
    if (compareCudaVersions(required, oldest) < 0) {
      return {
        verdict: 'unknown',
        reason: `CUDA ${need} is older than the driver table (from ${cudaText(oldest)})`,
      };
    }
    return {
      verdict: 'incompatible',
      reason: `driver ${driver} is older than CUDA ${cudaText(oldest)} GA needs; the app needs CUDA ${need}`,
    };
  }
  const supports = `driver ${driver} supports CUDA up to ${cudaText(maxCuda)}`;
  if (compareCudaVersions(maxCuda, required) >= 0) {
    return { verdict: 'compatible', maxCuda, reason: `${supports}; the app needs ${need}` };
  }
  const floor = table.mvcFloors.get(required.major);
  if (floor && maxCuda.major === required.major && compareDriverVersions(reading.version, floor) >= 0) {
    return {
      verdict: 'minor-version-compatible',
      maxCuda,
      reason: `${supports}; the app needs ${need}: runs by minor-version compatibility (driver ≥ ${floor.raw}), without PTX JIT of newer PTX`,
    };
  }
  return { verdict: 'incompatible', maxCuda, reason: `${supports}; the app needs ${need}` };
}
