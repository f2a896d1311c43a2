import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../harness/run-cli';

/** No container engine here: the recipe is checked as text, against the files it copies. */
describe('runtime-probe/Containerfile', () => {
  const recipe = readFileSync(join(REPO_ROOT, 'runtime-probe', 'Containerfile'), 'utf8');

  it('copies only files that exist, and bundles with the same script the tests use', () => {
    const sources = [...recipe.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((match) =>
      match[1]!.split(/\s+/),
    );
    assert.ok(sources.length > 0);
    for (const source of sources) assert.ok(existsSync(join(REPO_ROOT, source)), source);
    assert.match(recipe, /^RUN node --import tsx runtime-probe\/bundle\.ts \/out$/m);
  });

  it('runs as a non-root user from a small base, ending node’s options before the probe’s', () => {
    assert.match(recipe, /^FROM docker\.io\/library\/node:24-alpine$/m);
    assert.match(recipe, /^USER node$/m);
    assert.match(recipe, /^ENTRYPOINT \["node", "--", "\/opt\/preflight\/preflight-probe\.js"\]$/m);
  });
});
