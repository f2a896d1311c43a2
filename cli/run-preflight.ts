import { InputError } from '../core/errors';
import { shownText } from '../core/format/shown-text';
import { packageVersion } from '../core/loaders/package-version';
import { COMMAND_NAMES, loadCommand } from './commands';
import { UsageError } from './usage-error';

function usage(): string {
  const commands = COMMAND_NAMES.map((name) => loadCommand(name)!);
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return `Usage: preflight <command> [options]

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`).join('\n')}

Run "preflight <command> --help" for a command's options.
  -h, --help     show this help
  -v, --version  show the version

Exit codes: 0 no blocking finding, 1 blocking findings, 2 usage, config or input error.`;
}

/**
 * Runs one `preflight …` command line and returns its exit code: what `main` does, importable so
 * tests can run many command lines in one process. Every error ends here: input and usage errors as
 * one line, anything else as an internal error (a bug), never a stack unless PREFLIGHT_DEBUG is set.
 */
export async function runPreflight(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`preflight: ${shownText(error.message)}\nRun "preflight --help" for usage.\n`);
    } else if (error instanceof InputError) {
      process.stderr.write(`preflight: error: ${error.describe(process.cwd())}\n`);
    } else {
      // A bug, not bad input: say so plainly; the stack only on request.
      // Anything may be thrown, not only an Error: the line is still one line.
      const message = error instanceof Error ? error.message : String(error);
      const detail = process.env.PREFLIGHT_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
      process.stderr.write(`preflight: internal error: ${shownText(message)}${detail}\n`);
    }
    return 2;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = loadCommand(name);
  if (!command) throw new UsageError(`unknown command "${name}"`);
  if (!command.handlesHelp && (rest.includes('-h') || rest.includes('--help'))) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return command.run(rest);
}
