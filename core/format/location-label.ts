import type { Location } from '../model/location';
import { repoPath } from './repo-path';
import { shownText } from './shown-text';

/** `file:line:col`, the shape compilers and linters print; line and column only when known. */
export function locationLabel(location: Location, cwd: string): string {
  const line = validPosition(location.line);
  const column = line === undefined ? undefined : validPosition(location.column);
  return [shownText(repoPath(location.file, cwd)), line, column]
    .filter((part) => part !== undefined)
    .join(':');
}

/** Positions are 1-based; anything else is treated as unknown rather than written out wrong. */
export function validPosition(position: number | undefined): number | undefined {
  return position !== undefined && Number.isInteger(position) && position >= 1 ? position : undefined;
}
