import type { NodeLabel } from '../model/workload';
import { type DeclaredDriver, parseDeclaredDriver } from './declared-driver';
import type { CudaDriverTable } from './driver-table';

/**
 * GPU Feature Discovery's driver labels (NVIDIA/k8s-device-plugin `internal/lm/nvml.go`): the current
 * names, then the deprecated ones (`rev` is empty for a two-part version).
 */
export const GFD_DRIVER_LABELS = {
  full: 'nvidia.com/cuda.driver-version.full',
  parts: [
    {
      major: 'nvidia.com/cuda.driver-version.major',
      minor: 'nvidia.com/cuda.driver-version.minor',
      revision: 'nvidia.com/cuda.driver-version.revision',
    },
    {
      major: 'nvidia.com/cuda.driver.major',
      minor: 'nvidia.com/cuda.driver.minor',
      revision: 'nvidia.com/cuda.driver.rev',
    },
  ],
} as const;

/** A driver label whose value is no driver version: no GFD node carries it. */
export interface BadDriverLabel {
  key: string;
  label: NodeLabel;
}

/**
 * The driver a pod's required node labels pin: `.full`, else major[.minor[.revision]] of the current
 * names, else of the deprecated ones. A major alone pins the branch. Undefined when no label pins one.
 */
export function driverFromGfdLabels(
  labels: Readonly<Record<string, NodeLabel>>,
  table?: CudaDriverTable,
): { driver: DeclaredDriver } | { bad: BadDriverLabel } | undefined {
  const full = labels[GFD_DRIVER_LABELS.full];
  if (full) return declared(full.value, 'version', GFD_DRIVER_LABELS.full, full, table);
  for (const names of GFD_DRIVER_LABELS.parts) {
    const major = labels[names.major];
    if (!major) continue;
    const minor = labels[names.minor]?.value;
    const revision = labels[names.revision]?.value;
    for (const [key, part] of [
      [names.minor, minor],
      [names.revision, revision],
    ] as const) {
      if (part && !/^\d{1,3}$/.test(part)) return { bad: { key, label: labels[key]! } };
    }
    if (!/^\d+$/.test(major.value)) return { bad: { key: names.major, label: major } };
    if (!minor) return declared(major.value, 'branch', names.major, major, table);
    const text = [major.value, minor, revision].filter(Boolean).join('.');
    const used = [names.major, names.minor, ...(revision ? [names.revision] : [])];
    return declared(text, 'version', used.join(', '), major, table, names.major);
  }
  return undefined;
}

/** `full` must be a whole version (no GFD node has a bare branch there); `major` alone, a branch. */
function declared(
  text: string,
  want: 'branch' | 'version',
  keys: string,
  label: NodeLabel,
  table: CudaDriverTable | undefined,
  badKey: string = keys,
): { driver: DeclaredDriver } | { bad: BadDriverLabel } {
  const source = `${label.via} ${keys}`;
  const driver = parseDeclaredDriver(text, source, table);
  if (!driver || (driver.branch !== undefined) !== (want === 'branch'))
    return { bad: { key: badKey, label } };
  return { driver: { ...driver, ...(label.path ? { path: label.path } : {}) } };
}
