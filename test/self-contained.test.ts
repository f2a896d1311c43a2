import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { NVIDIA_FIXTURES, nvidiaFixtureNames, nvidiaFixtureProvenance } from './harness/nvidia-fixtures';
import { REPO_ROOT } from './harness/run-cli';

/** Every .ts file under test/ (fixture programs included), relative to the repository root. */
function testSources(dir = join(REPO_ROOT, 'test')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : testSources(path);
    return entry.name.endsWith('.ts') ? [relative(REPO_ROOT, path)] : [];
  });
}

describe('the repository tests itself (a clone with nothing beside it)', () => {
  it('no test names a path beside the repository (../shared, or a step up from the repository root)', () => {
    const outside = testSources().filter((file) => {
      if (file === relative(REPO_ROOT, __filename)) return false; // the patterns below, as text
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      return /\.\.[/\\]shared\b|['"]shared['"],\s*['"]fixtures['"]|REPO_ROOT,\s*['"]\.\.['"]/.test(text);
    });
    assert.deepEqual(outside, []);
  });

  it('the recorded NVIDIA outputs live in the repository, each with its provenance on line 1 and in the index', () => {
    assert.ok(NVIDIA_FIXTURES.startsWith(join(REPO_ROOT, 'test', 'fixtures')));
    const index = readFileSync(join(NVIDIA_FIXTURES, 'README.md'), 'utf8');
    const names = nvidiaFixtureNames();
    assert.ok(names.length > 0);
    for (const name of names) {
      assert.match(nvidiaFixtureProvenance(name), /^# source: .*license=/, name);
      assert.ok(index.includes(`\`${name}\``), `${name} is listed in test/fixtures/nvidia/README.md`);
    }
  });
});
