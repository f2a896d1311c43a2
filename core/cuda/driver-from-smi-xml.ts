import { type DriverVersion, parseDriverVersion } from './driver-version';

/** `nvidia-smi -q -x`: `<driver_version>` under `<nvidia_smi_log>` (a `<kmd_version>` preferred if present). */
export function driverFromSmiXml(text: string): DriverVersion | null {
  if (!/<nvidia_smi_log>/.test(text)) return null;
  const element = (name: string) => new RegExp(`<${name}>\\s*([^<]*?)\\s*</${name}>`).exec(text)?.[1] ?? '';
  return parseDriverVersion(element('kmd_version')) ?? parseDriverVersion(element('driver_version'));
}
