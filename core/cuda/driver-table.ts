import { type CudaVersion, compareCudaVersions, parseCudaVersion } from './cuda-version';
import { compareDriverVersions, type DriverVersion, parseDriverVersion } from './driver-version';

/** Naming the JSON in a type makes tsc copy it next to the compiled code; `require` reads it on first use. */
type CudaDriverTableFile = typeof import('../data/cuda-driver-table.json');

/** NVIDIA's toolkit → minimum Linux driver table, reduced to what the verdict needs. */
export interface CudaDriverTable {
  /** One row per CUDA minor release, oldest first, with the driver its GA release shipped with. */
  minors: readonly { cuda: CudaVersion; minDriver: DriverVersion }[];
  /** Per CUDA major, the lowest driver that runs any minor of it with a limited feature set. */
  mvcFloors: ReadonlyMap<number, DriverVersion>;
  /** Where the data came from, for messages and the README. */
  source: string;
}

let table: CudaDriverTable | undefined;

/** The shipped table (core/data/cuda-driver-table.json, with its citation), loaded once. */
export function cudaDriverTable(): CudaDriverTable {
  table ??= driverTableFrom(require('../data/cuda-driver-table.json') as CudaDriverTableFile);
  return table;
}

interface TableFile {
  _source: string;
  mvcByMajor: Record<string, { mvcMinLinux: string }>;
  releases: readonly { cuda: string; label: string; toolkitDriverLinux: string | null }[];
}

/**
 * The lowest Linux driver of each minor is its GA driver (updates only raise it). Release candidates
 * are left out: 11.0's RC shipped with an older driver than 11.0 GA. Releases with no Linux driver
 * (13.4 unbundled it) give no row: nothing says which driver they need.
 */
export function driverTableFrom(file: TableFile): CudaDriverTable {
  const byMinor = new Map<string, { cuda: CudaVersion; minDriver: DriverVersion }>();
  for (const release of file.releases) {
    if (release.toolkitDriverLinux === null || /\bRC\b/.test(release.label)) continue;
    const cuda = parseCudaVersion(release.cuda);
    const driver = parseDriverVersion(release.toolkitDriverLinux);
    if (!cuda || !driver) throw new Error(`cuda-driver-table.json: bad row ${JSON.stringify(release)}`);
    const key = `${cuda.major}.${cuda.minor}`;
    const known = byMinor.get(key);
    if (!known || compareDriverVersions(driver, known.minDriver) < 0)
      byMinor.set(key, { cuda, minDriver: driver });
  }
  const mvcFloors = new Map<number, DriverVersion>();
  for (const [major, entry] of Object.entries(file.mvcByMajor)) {
    const floor = parseDriverVersion(entry.mvcMinLinux);
    if (!floor) throw new Error(`cuda-driver-table.json: bad MVC floor for CUDA ${major}`);
    mvcFloors.set(Number(major), floor);
  }
  const minors = [...byMinor.values()].sort((a, b) => compareCudaVersions(a.cuda, b.cuda));
  return { minors, mvcFloors, source: file._source };
}
