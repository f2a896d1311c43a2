import type { DriverVersion } from './driver-version';

/**
 * What reading the host driver gave. `absent`: there is no driver to use (nothing loaded, no device);
 * `unknown`: there may be one, but its version could not be read (nvidia-smi hung, failed or printed
 * something unrecognised) — an unhealthy or unreadable GPU, which is not a version mismatch;
 * `ambiguous`: the answer named two or more versions (one kernel module serves every GPU, so it
 * cannot tell which one is loaded), none of them taken.
 */
export type DriverReading =
  | { state: 'found'; version: DriverVersion; source: string }
  | { state: 'ambiguous'; versions: DriverVersion[]; reason: string; source: string }
  | { state: 'absent'; reason: string; source?: string }
  | { state: 'unknown'; reason: string; source?: string };
