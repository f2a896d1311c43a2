import type { CudaVersion } from './cuda-version';
import { type CudaDriverTable, cudaDriverTable } from './driver-table';
import { compareDriverVersions, type DriverVersion } from './driver-version';

/**
 * The newest CUDA a driver fully supports: the highest minor whose GA driver is at or below it. A driver
 * newer than the table maps to the table's newest row (conservative); a branch with no row of its own
 * maps to the row below. Undefined for a driver older than every row.
 */
export function maxCudaForDriver(
  driver: DriverVersion,
  table: CudaDriverTable = cudaDriverTable(),
): CudaVersion | undefined {
  let best: CudaVersion | undefined;
  for (const row of table.minors) {
    if (compareDriverVersions(row.minDriver, driver) <= 0) best = row.cuda;
  }
  return best;
}
