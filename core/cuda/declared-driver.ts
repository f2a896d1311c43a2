import { type CudaDriverTable, cudaDriverTable } from './driver-table';
import { compareDriverVersions, type DriverVersion, parseDriverVersion } from './driver-version';

/** The driver the target nodes are declared to have, before a deploy: not read off a host. */
export interface DeclaredDriver {
  /** What is compared: the version as declared, or for a bare branch its lowest driver. */
  version: DriverVersion;
  /** Set when only the branch was declared (`535`): `version` then stands for the whole branch. */
  branch?: number;
  /** Where it was declared, in words: `config gpu_driver`, `nodeSelector nvidia.com/cuda.driver-version.full`. */
  source: string;
  /** Path of the declaration inside the workload object, when a workload declares it. */
  path?: (string | number)[];
}

const BRANCH = /^\d{2,4}$/;

/**
 * A driver version (`535.104.05`, `570.26`) or a bare branch (`535`) as declared; null for anything
 * else. A branch is compared as its lowest driver, so a verdict holds for every driver of it.
 */
export function parseDeclaredDriver(
  text: string,
  source: string,
  table: CudaDriverTable = cudaDriverTable(),
): DeclaredDriver | null {
  const raw = text.trim();
  if (BRANCH.test(raw)) {
    const branch = Number(raw);
    return { version: lowestDriverOfBranch(branch, table), branch, source };
  }
  const version = parseDriverVersion(raw);
  return version && { version, source };
}

/**
 * The lowest driver of a branch: the first one a CUDA release shipped with, when the table has one
 * (535 → 535.54.03, what 535.x is known to support); else `branch.0`, which maps to the row below.
 */
export function lowestDriverOfBranch(
  branch: number,
  table: CudaDriverTable = cudaDriverTable(),
): DriverVersion {
  const shipped = table.minors
    .map((row) => row.minDriver)
    .filter((driver) => driver.parts[0] === branch)
    .sort(compareDriverVersions);
  return shipped[0] ?? { raw: `${branch}.0`, parts: [branch, 0] };
}

/** `535.104.05`, or for a branch `535 (only the driver branch is declared; compared as 535.54.03)`. */
export function declaredDriverText(driver: DeclaredDriver): string {
  if (driver.branch === undefined) return driver.version.raw;
  return `${driver.branch} (only the driver branch is declared; compared as ${driver.version.raw})`;
}
