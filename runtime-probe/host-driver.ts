import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { driverFromProc } from '../core/cuda/driver-from-proc';
import { driverVersionsFromSmiOutput, type SmiLayout } from '../core/cuda/driver-from-smi-output';
import { driverFromSysModule } from '../core/cuda/driver-from-sys-module';
import type { DriverReading } from '../core/cuda/driver-reading';
import type { DriverVersion } from '../core/cuda/driver-version';
import { InputError } from '../core/errors';
import { INPUT_LIMITS, readSourceFile } from '../core/loaders/source-file';
import { nvidiaDeviceNodes } from './device-nodes';
import { executableOnPath } from './executable-on-path';
import { runNvidiaSmi, type SmiRun } from './nvidia-smi';

export interface HostDriverOptions {
  /** Where `sys/`, `proc/` and `dev/` are read: `/` on a real host. */
  root: string;
  /** An explicit nvidia-smi; else the one on `path`. */
  nvidiaSmi?: string;
  path: string | undefined;
  timeoutMs: number;
}

/** What running nvidia-smi gave, for the status file. */
export interface SmiReport {
  path: string;
  exit_code?: number | null;
  signal?: string | null;
  layout?: SmiLayout;
  timed_out?: boolean;
}

export interface HostDriver {
  reading: DriverReading;
  deviceNodes: string[];
  nvidiaSmi?: SmiReport;
}

/** The query the probe asks nvidia-smi: one CSV line per GPU, the cheapest output it has. */
export const SMI_ARGS = ['--query-gpu=driver_version', '--format=csv,noheader'];

/** What nvidia-smi's exit codes mean (its manual, "RETURN VALUE"; 18 as observed). */
const SMI_EXIT: Record<number, string> = {
  2: 'invalid argument',
  3: 'operation not available on this device',
  4: 'no permission',
  6: 'no GPU found',
  8: 'external power cables not attached',
  9: 'NVIDIA driver is not loaded',
  10: 'kernel detected an interrupt issue with a GPU',
  12: 'NVML library not found',
  13: 'NVML does not implement this function',
  14: 'infoROM is corrupted',
  15: 'GPU fell off the bus or is inaccessible',
  17: 'blocked by the operating system',
  18: 'driver/library version mismatch',
  255: 'internal driver error',
};

/**
 * Reads the host's kernel driver version, fastest source first: `/sys/module/nvidia/version`, then
 * `/proc/driver/nvidia/version` (plain files, no process). Without them, the device nodes decide:
 * none means no driver to use; with them, nvidia-smi is run under a hard timeout.
 */
export async function readHostDriver(options: HostDriverOptions): Promise<HostDriver> {
  const deviceNodes = nvidiaDeviceNodes(options.root);
  // A version file that is there but gives no version (empty, a folder, unreadable) says a driver
  // module is loaded: the version is unknown, not absent.
  let unreadable: { file: string; why: string } | undefined;
  for (const [file, parse] of [
    [join(options.root, 'sys/module/nvidia/version'), driverFromSysModule],
    [join(options.root, 'proc/driver/nvidia/version'), driverFromProc],
  ] as const) {
    const read = readVersionFile(file, parse);
    if ('version' in read)
      return { reading: { state: 'found', version: read.version, source: file }, deviceNodes };
    if (!unreadable && existsSync(file)) unreadable = { file, why: read.why };
  }
  if (deviceNodes.length === 0 && unreadable) {
    return {
      reading: {
        state: 'unknown',
        source: unreadable.file,
        reason: `${unreadable.file} is there but gives no driver version (${unreadable.why})`,
      },
      deviceNodes,
    };
  }
  if (deviceNodes.length === 0) {
    return {
      reading: {
        state: 'absent',
        reason:
          'no NVIDIA driver: no /sys/module/nvidia/version, no /proc/driver/nvidia/version, no /dev/nvidia* devices',
      },
      deviceNodes,
    };
  }
  const smi = options.nvidiaSmi ?? executableOnPath('nvidia-smi', options.path);
  if (!smi) {
    return {
      reading: {
        state: 'unknown',
        reason:
          'NVIDIA devices are present but the driver version is unreadable: no /sys or /proc version file and no nvidia-smi on PATH',
      },
      deviceNodes,
    };
  }
  const run = await runNvidiaSmi(smi, SMI_ARGS, options.timeoutMs);
  return { ...smiReading(smi, run, options.timeoutMs), deviceNodes };
}

/**
 * Core's bounded reader: a FIFO, a device or a file of megabytes here is refused at once, never
 * waited on or read whole, so this read cannot outlast the probe's deadline.
 */
function readVersionFile(
  file: string,
  parse: (text: string) => DriverVersion | null,
): { version: DriverVersion } | { why: string } {
  let text: string;
  try {
    text = readSourceFile(file, INPUT_LIMITS.driverVersion);
  } catch (error) {
    return { why: error instanceof InputError ? error.message : 'unreadable' };
  }
  const version = parse(text);
  return version ? { version } : { why: text.trim() === '' ? 'empty' : 'not a driver version' };
}

/** Any non-zero exit is a failure even when a table was printed (a corrupt infoROM prints one and exits 14). */
function smiReading(path: string, run: SmiRun, timeoutMs: number): Omit<HostDriver, 'deviceNodes'> {
  const source = `nvidia-smi (${path})`;
  if (run.kind === 'timeout') {
    return {
      reading: {
        state: 'unknown',
        source,
        reason: `nvidia-smi did not answer within ${timeoutMs / 1000} s and was abandoned (a hung GPU, e.g. after an Xid error)`,
      },
      nvidiaSmi: { path, timed_out: true },
    };
  }
  if (run.kind === 'not-started') {
    return {
      reading: { state: 'unknown', source, reason: `nvidia-smi could not be started (${run.reason})` },
      nvidiaSmi: { path },
    };
  }
  const nvidiaSmi: SmiReport = { path, exit_code: run.code, signal: run.signal };
  if (run.code === 0) {
    const { versions, layouts } = driverVersionsFromSmiOutput(run.stdout);
    if (versions.length === 1) {
      return {
        reading: { state: 'found', version: versions[0]!, source },
        nvidiaSmi: { ...nvidiaSmi, layout: layouts[0] },
      };
    }
    if (versions.length > 1) {
      const named = versions.map((version) => version.raw);
      return {
        reading: {
          state: 'ambiguous',
          versions,
          source,
          reason: `nvidia-smi's answer is ambiguous: it names driver versions ${named.slice(0, -1).join(', ')} and ${named.at(-1)}, and one kernel module serves every GPU, so none is taken`,
        },
        nvidiaSmi: { ...nvidiaSmi, layout: layouts[0] },
      };
    }
    return {
      reading: { state: 'unknown', source, reason: `nvidia-smi printed no driver version: ${said(run)}` },
      nvidiaSmi,
    };
  }
  const why =
    run.code === null
      ? `was killed by ${run.signal}`
      : `exited ${run.code} (${SMI_EXIT[run.code] ?? 'unknown code'})`;
  const state = run.code === 9 || run.code === 6 ? 'absent' : 'unknown';
  return { reading: { state, source, reason: `nvidia-smi ${why}: ${said(run)}` }, nvidiaSmi };
}

/** The first line nvidia-smi printed, shortened and without control characters, for the reason. */
function said(run: { stdout: string; stderr: string }): string {
  const line = `${run.stderr}\n${run.stdout}`.split('\n').find((text) => text.trim() !== '') ?? '';
  const clean = line.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim();
  return clean ? JSON.stringify(clean.length > 160 ? `${clean.slice(0, 160)}…` : clean) : '(no output)';
}
