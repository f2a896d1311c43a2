import { resolve } from 'node:path';
import { InputError } from '../core/errors';
import { type CudaProbeMode, DEFAULT_CONFIG } from '../core/model/config';
import { durationOption, parsedArgs } from './probe-args';
import { type RequiredCuda, requiredCuda } from './required-cuda';

export const CUDA_MODES: readonly CudaProbeMode[] = ['strict', 'fallback', 'warn', 'off'];

/** Well above a healthy nvidia-smi without persistence mode (seconds), well below a boot timeout. */
const DEFAULT_TIMEOUT_MS = 10_000;

export interface CudaProbeOptions {
  mode: CudaProbeMode;
  /** Absent only in mode `off`, where nothing is compared. */
  required?: RequiredCuda;
  envFile?: string;
  statusFile?: string;
  root: string;
  nvidiaSmi?: string;
  /** The PATH nvidia-smi is looked up on. */
  path: string | undefined;
  timeoutMs: number;
}

export const CUDA_USAGE = `Usage: preflight probe cuda [options]

Reads the host's NVIDIA driver version (/sys/module/nvidia/version, /proc/driver/nvidia/version, else
nvidia-smi under a hard timeout when /dev/nvidia* exist), derives the newest CUDA it supports from
NVIDIA's table, compares it with the CUDA the app needs, and acts by mode.

Options:
      --require-cuda X.Y   the CUDA the app needs (else $PREFLIGHT_REQUIRED_CUDA, else the image's
                           CUDA_VERSION, NVIDIA_REQUIRE_CUDA and torch/version.py, the highest)
      --mode MODE          strict (exit 1 unless usable), fallback (CPU safe mode), warn (log only),
                           off (nothing); default: cuda_probe.mode in --config, else fallback
      --env-out FILE       env file for with-preflight-env (needed by fallback): CUDA_VISIBLE_DEVICES=
                           on fallback, PREFLIGHT_DEVICE, PREFLIGHT_CUDA_VERDICT, PREFLIGHT_REASON
      --env-file FILE      the old name of --env-out; only where node is started as
                           \`node -- preflight-probe.js\`: otherwise Node itself claims --env-file
      --status-file FILE   the decision as JSON
  -c, --config FILE        preflight.yaml (for cuda_probe.mode)
      --root DIR           read sys/, proc/, dev/ and the image's Python packages under DIR (default /)
      --nvidia-smi PATH    the nvidia-smi to run (default: the one on PATH)
      --timeout DURATION   how long nvidia-smi may take before it is abandoned (default 10s)

Writes files atomically. Logs one JSON line on stdout and one line on stderr.
Exit codes: 0 go ahead (GPU or CPU safe mode), 1 strict mode and the GPU is unusable or unverifiable,
2 usage or input error.`;

function envFileOption(envFile: string | undefined, envOut: string | undefined): string | undefined {
  if (envFile && envOut && resolve(envFile) !== resolve(envOut)) {
    throw new InputError('give --env-out or --env-file (its old name), not both', undefined, '--env-out');
  }
  const file = envFile ?? envOut;
  return file && resolve(file);
}

/** Reads and checks every option before anything is probed; bad input is an InputError (exit 2). */
export function cudaProbeOptions(argv: string[], env: NodeJS.ProcessEnv): CudaProbeOptions {
  const { values } = parsedArgs({
    args: argv,
    strict: true,
    options: {
      'require-cuda': { type: 'string' },
      mode: { type: 'string' },
      'env-file': { type: 'string' },
      'env-out': { type: 'string' },
      'status-file': { type: 'string' },
      config: { type: 'string', short: 'c' },
      root: { type: 'string' },
      'nvidia-smi': { type: 'string' },
      timeout: { type: 'string' },
    },
  });
  const configured = configuredMode(values.config);
  const mode = (values.mode ?? configured) as CudaProbeMode;
  if (!CUDA_MODES.includes(mode)) {
    throw new InputError(
      `unknown value "${mode}" (expected one of: ${CUDA_MODES.join(', ')})`,
      undefined,
      '--mode',
    );
  }
  const root = resolve(values.root ?? '/');
  const options: CudaProbeOptions = {
    mode,
    envFile: envFileOption(values['env-file'], values['env-out']),
    statusFile: values['status-file'] && resolve(values['status-file']),
    root,
    nvidiaSmi: values['nvidia-smi'] && resolve(values['nvidia-smi']),
    path: env.PATH,
    timeoutMs:
      values.timeout === undefined ? DEFAULT_TIMEOUT_MS : durationOption(values.timeout, '--timeout'),
  };
  if (options.envFile && options.envFile === options.statusFile) {
    // The env file would hold the status JSON, which the wrapper then sources.
    throw new InputError('is also the env file: give each its own file', undefined, '--status-file');
  }
  // Read (and so checked) in every mode; needed in all but off.
  const required = requiredCuda(values['require-cuda'], env, root);
  if (mode === 'off') return { ...options, required };
  if (mode === 'fallback' && !options.envFile) {
    throw new InputError(
      'mode fallback writes CPU safe mode into an env file: give --env-out FILE, or use --mode warn to only report',
    );
  }
  if (!required) {
    throw new InputError(
      'no required CUDA: give --require-cuda X.Y or set PREFLIGHT_REQUIRED_CUDA (inside the app image, CUDA_VERSION, NVIDIA_REQUIRE_CUDA or torch/version.py also tell)',
    );
  }
  return { ...options, required };
}

/** The config is read only when asked for: loading it brings the YAML parser and the schema validator. */
function configuredMode(configFile: string | undefined): CudaProbeMode {
  if (configFile === undefined) return DEFAULT_CONFIG.cuda_probe.mode;
  const { loadConfig } = require('../core/loaders/config') as typeof import('../core/loaders/config');
  return loadConfig(resolve(configFile)).cuda_probe.mode;
}
