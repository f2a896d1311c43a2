import { type ParseArgsConfig, parseArgs } from 'node:util';
import { InputError } from '../core/errors';
import { argumentsMessage } from '../core/format/arguments-message';
import { durationProblem, tryParseDuration } from '../core/loaders/duration';

/** Runs `util.parseArgs`, turning its complaints into input errors (exit 2) in our words. */
export function parsedArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new InputError(argumentsMessage(error as Error, config));
  }
}

/** A duration option (`500ms`, `10s`, `2m`, or seconds) in milliseconds. */
export function durationOption(text: string, option: string): number {
  const seconds = tryParseDuration(text);
  if (seconds === null)
    throw new InputError(`expected a duration such as 500ms, 10s, 2m, got "${text}"`, undefined, option);
  const problem = durationProblem(seconds);
  if (problem) throw new InputError(`"${text}" ${problem}`, undefined, option);
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
