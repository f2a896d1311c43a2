import { type CudaVersion, compareCudaVersions, cudaText } from './cuda-version';
import { type CudaDriverTable, cudaDriverTable } from './driver-table';
import { compareDriverVersions, type DriverVersion } from './driver-version';
import { minDriverForCuda } from './min-driver-for-cuda';

/**
 * The lowest driver on which an app built for `cuda` runs, as the probe's verdict decides it
 * (compatible, or minor-version compatible): the lower of the CUDA's GA driver and its major's
 * minor-version floor. One number, so a boot script can decide with a version sort. Throws where the
 * probe itself could not tell (a CUDA older than the table) or no row says (newer, no floor).
 */
export function usableDriverFloor(
  cuda: CudaVersion,
  table: CudaDriverTable = cudaDriverTable(),
): DriverVersion {
  const oldest = table.minors[0]!.cuda;
  if (compareCudaVersions(cuda, oldest) < 0) {
    throw new Error(`CUDA ${cudaText(cuda)} is older than the driver table (from ${cudaText(oldest)})`);
  }
  const candidates = [minDriverForCuda(cuda, table), table.mvcFloors.get(cuda.major)].filter(
    (driver): driver is DriverVersion => driver !== undefined,
  );
  if (candidates.length === 0) {
    throw new Error(`CUDA ${cudaText(cuda)} is newer than the driver table: no driver is known to run it`);
  }
  return candidates.reduce((low, driver) => (compareDriverVersions(driver, low) < 0 ? driver : low));
}
