import type { OutputFormat } from './render';
import { UsageError } from './usage-error';

export const FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github'];

/** Runs a `util.parseArgs` call; its complaints become usage errors (exit 2) in our words. */
export function parseCommandLine<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** `--format`, defaulting to text; anything else is a usage error naming the choices. */
export function outputFormat(value: string | undefined): OutputFormat {
  const format = (value ?? 'text') as OutputFormat;
  if (!FORMATS.includes(format)) {
    throw new UsageError(`unknown format "${value}" (expected one of: ${FORMATS.join(', ')})`);
  }
  return format;
}
