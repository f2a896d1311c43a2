import { InputError } from '../core/errors';
import { runProbe } from './probe-command';

/**
 * The entry point of the single-file bundle that ships in the probe's image
 * (`node preflight-probe.js cuda ...`): the same code as `preflight probe`, without the rest of the CLI.
 */
runProbe(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = 2;
    if (error instanceof InputError) {
      process.stderr.write(`preflight probe: error: ${error.describe(process.cwd())}\n`);
    } else {
      const detail = process.env.PREFLIGHT_DEBUG ? `\n${(error as Error).stack}` : '';
      process.stderr.write(`preflight probe: internal error: ${(error as Error).message}${detail}\n`);
    }
  },
);
