import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli';

/** Recorded nvidia-smi, driver and image outputs from other projects, each with its provenance line (README.md). */
export const NVIDIA_FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'nvidia');

/** Every fixture file name (the README index left out). */
export function nvidiaFixtureNames(): string[] {
  return readdirSync(NVIDIA_FIXTURES)
    .filter((name) => name !== 'README.md')
    .sort();
}

/** A fixture's content without its line-1 provenance comment, as the recorded program printed it. */
export function nvidiaFixture(name: string): string {
  const text = readFileSync(join(NVIDIA_FIXTURES, name), 'utf8');
  if (!text.startsWith('# source:'))
    throw new Error(`${name}: line 1 is not a '# source:' provenance comment`);
  return text.slice(text.indexOf('\n') + 1);
}

/** A fixture's line 1: where it was recorded, its license, and `exit=<code>` for command outputs. */
export function nvidiaFixtureProvenance(name: string): string {
  return readFileSync(join(NVIDIA_FIXTURES, name), 'utf8').split('\n')[0]!;
}
