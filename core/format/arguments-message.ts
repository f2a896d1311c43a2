import type { ParseArgsConfig } from 'node:util';
import { closestName } from './closest-name';

/**
 * `util.parseArgs`'s complaint in our words: without its advice on positionals (our commands take none
 * that start with `-`), and with the option meant when an unknown one is a near miss of a known one.
 */
export function argumentsMessage(error: Error, config: ParseArgsConfig): string {
  const message = error.message.replace(/\. To specify a positional.*$/s, '');
  const unknown = /^Unknown option '--([^'=]+)'/.exec(message)?.[1];
  const meant = unknown && closestName(unknown, Object.keys(config.options ?? {}));
  return meant ? `${message}: did you mean --${meant}?` : message;
}
