import { distinctDriverVersions } from './distinct-driver-versions';
import type { DriverVersion } from './driver-version';
import { firstWord, smiKeyValues } from './smi-key-values';

/**
 * `nvidia-smi -q`: a `==NVSMI LOG==` banner, then `Driver Version : 535.183.01`; from R610 also
 * `KMD Version` (the old key is deprecated there, and says the same). A log cut off after its head (a
 * truncated capture) still names the driver. Every version the log names, each once: more than one is
 * an ambiguous answer, for the caller to refuse.
 */
export function driverVersionsFromSmiQuery(text: string): DriverVersion[] {
  if (!/=+\s*NVSMI LOG\s*=+/.test(text)) return [];
  const entries = smiKeyValues(text);
  return distinctDriverVersions(
    [...(entries.get('kmd version') ?? []), ...(entries.get('driver version') ?? [])].map(firstWord),
  );
}
