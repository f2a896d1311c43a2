import { distinctDriverVersions } from './distinct-driver-versions';
import type { DriverVersion } from './driver-version';
import { firstWord, smiKeyValues } from './smi-key-values';

/**
 * `nvidia-smi --version`: `DRIVER version : 590.48.01` up to R595; from R610 that line says
 * `Deprecated, see "KMD version" instead` and `KMD version : 610.57.04` holds it. `NVIDIA-SMI version`
 * (the binary) and `NVML version` (two parts, the library) are never taken for the driver. Every
 * driver version it names, each once.
 */
export function driverVersionsFromSmiVersion(text: string): DriverVersion[] {
  const entries = smiKeyValues(text);
  if (!entries.has('nvidia-smi version')) return [];
  return distinctDriverVersions(
    [...(entries.get('kmd version') ?? []), ...(entries.get('driver version') ?? [])].map(firstWord),
  );
}
