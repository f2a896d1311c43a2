import { type CudaVersion, compareCudaVersions } from './cuda-version';
import { type CudaDriverTable, cudaDriverTable } from './driver-table';
import type { DriverVersion } from './driver-version';

/**
 * The lowest driver that fully supports a CUDA: the GA driver of its minor, or of the first minor
 * above it the table has (12.7 has none: 12.8's). Undefined when no row is that new (13.4 on Linux).
 */
export function minDriverForCuda(
  cuda: CudaVersion,
  table: CudaDriverTable = cudaDriverTable(),
): DriverVersion | undefined {
  return table.minors.find((row) => compareCudaVersions(row.cuda, cuda) >= 0)?.minDriver;
}
