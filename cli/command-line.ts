import { type ParseArgsConfig, parseArgs } from 'node:util';
import { argumentsMessage } from '../core/format/arguments-message';
import type { OutputFormat } from './render';
import { UsageError } from './usage-error';

export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];

/** The options of every command that reads a config and writes a report. */
const REPORT_OPTIONS = {
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
} as const;

/** Runs `util.parseArgs`; its complaints become usage errors (exit 2) in our words. */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(argumentsMessage(error as Error, config));
  }
}

/** A command that takes inputs as positionals and writes a report: its own options beside REPORT_OPTIONS. */
export function parseReportCommand<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): ReturnType<
  typeof parseArgs<{
    args: string[];
    allowPositionals: true;
    strict: true;
    options: typeof REPORT_OPTIONS & T;
  }>
> {
  return parseCommandLine({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: { ...REPORT_OPTIONS, ...options },
  });
}

/** `--format`, defaulting to text; anything else is a usage error naming the choices. */
export function outputFormat(value: string | undefined): OutputFormat {
  const format = (value ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${value}" (expected one of: ${FORMATS.join(', ')})`);
  }
  return format;
}
