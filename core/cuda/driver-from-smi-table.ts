import { distinctDriverVersions } from './distinct-driver-versions';
import type { DriverVersion } from './driver-version';

/**
 * The default `nvidia-smi` table's header box, every era: `Driver Version: 590.48.01` up to R595,
 * `KMD Version: 610.57.04` from R610. The leading `NVIDIA-SMI x` is the binary's own version, which can
 * differ from the driver's (a snap-bundled binary), so it is never read. Box characters vary by era and
 * are not anchored on. Every driver version the output's headers name, each once.
 */
export function driverVersionsFromSmiTable(text: string): DriverVersion[] {
  if (!/NVIDIA-SMI\s/.test(text)) return [];
  const matches = text.matchAll(/\b(?:Driver|KMD) Version:\s*(\d+(?:\.\d+){1,2})(?!\S)/g);
  return distinctDriverVersions([...matches].map((match) => match[1]!));
}
