#!/usr/bin/env node
import { InputError } from '../core/errors';
import { runCheckCommand } from './commands/check';
import { packageVersion } from './package-version';
import { UsageError } from './usage-error';

const USAGE = `Usage: preflight <command> [options]

Commands:
  check [PATH...]   Diff model cards against Kubernetes manifests and CloudFormation templates
                    (a cdk.out folder means every template in it). PATH defaults to the current folder.

Options for check:
  --config FILE         preflight.yaml (default: ./preflight.yaml when it exists)
  --model-card FILE     a model-card.json; repeatable (default: cards in config, else model-card.json
                        files found under the PATHs)
  --format FORMAT       text (default), json, sarif or github
  --output FILE         write the report to FILE (atomically) instead of standard output
  --today YYYY-MM-DD    the date overrides expire against (default: today)

  -h, --help            show this help
  -v, --version         show the version

Exit codes: 0 no blocking finding, 1 blocking findings, 2 usage, config or input error.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '-v' || command === '--version') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  switch (command) {
    case 'check':
      return runCheckCommand(rest);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = 2;
    if (error instanceof UsageError) {
      process.stderr.write(`preflight: ${error.message}\nRun "preflight --help" for usage.\n`);
    } else if (error instanceof InputError) {
      process.stderr.write(`preflight: error: ${error.describe(process.cwd())}\n`);
    } else {
      // A bug, not bad input: say so plainly; the stack only on request.
      const detail = process.env.PREFLIGHT_DEBUG ? `\n${(error as Error).stack}` : '';
      process.stderr.write(`preflight: internal error: ${(error as Error).message}${detail}\n`);
    }
  },
);
