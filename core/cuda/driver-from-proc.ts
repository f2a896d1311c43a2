import { type DriverVersion, parseDriverVersion } from './driver-version';

/**
 * `/proc/driver/nvidia/version`, in both layouts the kernel module prints:
 *   NVRM version: NVIDIA UNIX x86_64 Kernel Module  525.105.17  Tue Mar 28 18:02:59 UTC 2023
 *   NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.95.05  Release Build  (user@host)  <date>
 * The version is the first version-shaped token after `Kernel Module` (an arch may come first); spacing varies.
 */
export function driverFromProc(text: string): DriverVersion | null {
  const line = /^NVRM version:(.*)$/m.exec(text)?.[1];
  if (line === undefined) return null;
  const after = line.split(/Kernel Module/)[1];
  if (after === undefined) return null;
  for (const token of after.trim().split(/\s+/)) {
    const version = parseDriverVersion(token);
    if (version) return version;
  }
  return null;
}
