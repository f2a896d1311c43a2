import { InputError } from '../core/errors';

export const PROBE_USAGE = `Usage: preflight probe <cuda|secrets|model> [options]

Boot-time checks, run before the app starts (an init container, a sidecar, or the image's entrypoint):
  cuda      the host's NVIDIA driver against the CUDA the app needs; strict, CPU fallback, warn or off
  secrets   wait for required secrets (env vars, mounted files) until secret_timeout, then fail naming them
  model     model and tokenizer files against the model card's sha256 and git blob sha1

Run "preflight probe <check> --help" for its options.
Exit codes: 0 go ahead, 1 blocked, 2 usage, config or input error.`;

/**
 * `preflight probe <check> ...`: returns the exit code. Each check is loaded only when it runs, so the
 * CUDA probe at boot pays for none of the others (the model check brings the card's schema validator).
 */
export async function runProbe(argv: string[]): Promise<number> {
  const [check, ...rest] = argv;
  const help = rest.includes('-h') || rest.includes('--help');
  switch (check) {
    case 'cuda': {
      if (help) return usage((require('./cuda-options') as typeof import('./cuda-options')).CUDA_USAGE);
      return (require('./cuda-probe') as typeof import('./cuda-probe')).runCudaProbe(rest);
    }
    case 'secrets': {
      const command = require('./secret-checkpoint') as typeof import('./secret-checkpoint');
      return help ? usage(command.SECRETS_USAGE) : command.runSecretCheckpoint(rest);
    }
    case 'model': {
      const command = require('./model-files') as typeof import('./model-files');
      return help ? usage(command.MODEL_USAGE) : command.runModelFiles(rest);
    }
    case undefined:
    case '-h':
    case '--help':
      return usage(PROBE_USAGE, check === undefined ? 2 : 0);
    default:
      throw new InputError(`unknown check "${check}" (expected one of: cuda, secrets, model)`);
  }
}

function usage(text: string, code = 0): number {
  process.stdout.write(`${text}\n`);
  return code;
}
