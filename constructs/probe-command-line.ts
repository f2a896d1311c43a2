import { durationText } from '../core/loaders/duration';
import {
  PREFLIGHT_DIR,
  PREFLIGHT_ENV_FILE,
  PREFLIGHT_WRAPPER,
  PROBE_IMAGE_DIR,
  PROBE_SCRIPT,
} from '../core/model/probe-layout';
import type { ProbeMode } from './probe-mode';

export { PREFLIGHT_DIR, PREFLIGHT_ENV_FILE, PREFLIGHT_WRAPPER };
/** Where the host's driver folders are mounted in the probe; the probe reads `sys/` and `proc/` under it. */
export const HOST_ROOT = '/host';

export interface ProbeSteps {
  mode: ProbeMode;
  /** major.minor, already checked. */
  requiredCuda: string;
  secretNames: readonly string[];
  secretTimeoutMs: number;
}

/**
 * The probe container's `sh -c` script: copy the wrapper onto the shared volume, wait for the
 * secrets (when any), then the CUDA check, each step only if the one before succeeded, so any
 * failure is the container's exit code and the app (waiting on SUCCESS) never starts.
 */
export function probeScript(steps: ProbeSteps): string {
  const probe = ['node', '--', PROBE_SCRIPT];
  const commands = [['cp', `${PROBE_IMAGE_DIR}/with-preflight-env`, PREFLIGHT_WRAPPER]];
  if (steps.secretNames.length > 0) {
    commands.push([
      ...probe,
      'secrets',
      ...steps.secretNames.flatMap((name) => ['--require', name]),
      '--timeout',
      durationText(steps.secretTimeoutMs / 1000),
      '--status-file',
      `${PREFLIGHT_DIR}/secrets.json`,
    ]);
  }
  commands.push([
    'exec',
    ...probe,
    'cuda',
    '--require-cuda',
    steps.requiredCuda,
    '--mode',
    steps.mode,
    '--env-out',
    PREFLIGHT_ENV_FILE,
    '--status-file',
    `${PREFLIGHT_DIR}/status.json`,
    '--root',
    HOST_ROOT,
  ]);
  return commands.map((words) => words.map(shellWord).join(' ')).join(' && ');
}

/** Quoted only when it must be: the script stays readable in the template and the console. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
