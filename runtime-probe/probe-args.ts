import { InputError } from '../core/errors';
import { tryParseDuration } from '../core/loaders/duration';

/** Runs a `util.parseArgs` call, turning its complaints into input errors (exit 2) in our words. */
export function parsedArgs<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new InputError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** A duration option (`500ms`, `10s`, `2m`, or seconds) in milliseconds. */
export function durationOption(text: string, option: string): number {
  const seconds = tryParseDuration(text);
  if (seconds === null)
    throw new InputError(`expected a duration such as 500ms, 10s, 2m, got "${text}"`, undefined, option);
  return seconds * 1000;
}

/** A Kubernetes object name (a DNS subdomain: lower case letters, digits, `-` and `.`). */
export function kubernetesName(text: string, option: string): string {
  if (text.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(text)) {
    throw new InputError(
      `"${text}" is not a Kubernetes object name (lower case letters, digits, - and .)`,
      undefined,
      option,
    );
  }
  return text;
}
