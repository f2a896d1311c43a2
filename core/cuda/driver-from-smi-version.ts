import { type DriverVersion, parseDriverVersion } from './driver-version';
import { firstWord, smiKeyValues } from './smi-key-values';

/**
 * `nvidia-smi --version`: `DRIVER version : 590.48.01` up to R595; from R610 that line says
 * `Deprecated, see "KMD version" instead` and `KMD version : 610.57.04` holds it. `NVIDIA-SMI version`
 * (the binary) and `NVML version` (two parts, the library) are never taken for the driver.
 */
export function driverFromSmiVersion(text: string): DriverVersion | null {
  const entries = smiKeyValues(text);
  if (!entries.has('nvidia-smi version')) return null;
  return (
    parseDriverVersion(firstWord(entries.get('kmd version'))) ??
    parseDriverVersion(firstWord(entries.get('driver version')))
  );
}
