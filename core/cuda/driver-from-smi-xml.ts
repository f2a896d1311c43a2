import { distinctDriverVersions } from './distinct-driver-versions';
import type { DriverVersion } from './driver-version';

/** `nvidia-smi -q -x`: `<driver_version>` (and R610's `<kmd_version>`) under `<nvidia_smi_log>`; every version named, each once. */
export function driverVersionsFromSmiXml(text: string): DriverVersion[] {
  if (!/<nvidia_smi_log>/.test(text)) return [];
  const elements = (name: string) =>
    [...text.matchAll(new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`, 'g'))].map((match) => match[1]!);
  return distinctDriverVersions([...elements('kmd_version'), ...elements('driver_version')]);
}
