import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli';

/** Recorded nvidia-smi, driver and image outputs: shared/ sits beside the clone (here and in CI). */
export const NVIDIA_FIXTURES = join(REPO_ROOT, '..', 'shared', 'fixtures', 'nvidia');

function fixturesDir(): string {
  if (!existsSync(NVIDIA_FIXTURES)) {
    throw new Error(
      `NVIDIA fixtures not found at ${NVIDIA_FIXTURES}: the tests need shared/ checked out beside the repository (../shared/fixtures/nvidia)`,
    );
  }
  return NVIDIA_FIXTURES;
}

/** Every fixture file name (the README index left out). */
export function nvidiaFixtureNames(): string[] {
  return readdirSync(fixturesDir())
    .filter((name) => name !== 'README.md')
    .sort();
}

/** A fixture's content without its line-1 provenance comment, as the recorded program printed it. */
export function nvidiaFixture(name: string): string {
  const text = readFileSync(join(fixturesDir(), name), 'utf8');
  if (!text.startsWith('# source:'))
    throw new Error(`${name}: line 1 is not a '# source:' provenance comment`);
  return text.slice(text.indexOf('\n') + 1);
}

/** A fixture's line 1: where it was recorded, its license, and `exit=<code>` for command outputs. */
export function nvidiaFixtureProvenance(name: string): string {
  return readFileSync(join(fixturesDir(), name), 'utf8').split('\n')[0]!;
}
