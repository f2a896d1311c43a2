import { type DriverVersion, parseDriverVersion } from './driver-version';
import { firstWord, smiKeyValues } from './smi-key-values';

/**
 * `nvidia-smi -q`: a `==NVSMI LOG==` banner, then `Driver Version : 535.183.01`; from R610 also
 * `KMD Version`, preferred because the old key is deprecated there. A log cut off after its head
 * (a truncated capture) still names the driver.
 */
export function driverFromSmiQuery(text: string): DriverVersion | null {
  if (!/=+\s*NVSMI LOG\s*=+/.test(text)) return null;
  const entries = smiKeyValues(text);
  return (
    parseDriverVersion(firstWord(entries.get('kmd version'))) ??
    parseDriverVersion(firstWord(entries.get('driver version')))
  );
}
