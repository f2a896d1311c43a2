import { type DriverVersion, parseDriverVersion } from './driver-version';

/** `/sys/module/nvidia/version`: the loaded module's MODULE_VERSION, alone on its line. */
export function driverFromSysModule(text: string): DriverVersion | null {
  return parseDriverVersion(text);
}
