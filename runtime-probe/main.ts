import { InputError } from '../core/errors';
import { shownText } from '../core/format/shown-text';
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
      const message = error instanceof Error ? error.message : String(error);
      const detail = process.env.PREFLIGHT_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
      process.stderr.write(`preflight probe: internal error: ${shownText(message)}${detail}\n`);
    }
  },
);
