import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../core/loaders/config';
import { type Config, DEFAULT_CONFIG } from '../core/model/config';
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

/** `--config FILE`, else `./preflight.yaml` when it exists, else the defaults; `file` is absolute. */
export function commandConfig(option: string | undefined): { file?: string; config: Config } {
  const file = option ?? (existsSync('preflight.yaml') ? 'preflight.yaml' : undefined);
  if (!file) return { config: DEFAULT_CONFIG };
  const absolute = resolve(file);
  return { file: absolute, config: loadConfig(absolute) };
}
