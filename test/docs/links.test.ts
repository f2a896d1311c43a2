import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../harness/run-cli';
import { anchors, docFiles, links } from './markdown';

describe('links in the README and docs/', () => {
  it('finds the docs pages and their links (the test reads something)', () => {
    const files = docFiles();
    assert.ok(files.includes('docs/rules.md') && files.includes('docs/probe.md'), files.join(', '));
    assert.ok(links('README.md').length > 10);
  });

  for (const file of docFiles()) {
    it(`${file}: every relative link names an existing file, and an existing heading after #`, () => {
      const broken: string[] = [];
      for (const { line, target } of links(file)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not checked offline
        const [path, anchor] = target.split('#') as [string, string | undefined];
        const resolved =
          path === '' ? join(REPO_ROOT, file) : normalize(join(REPO_ROOT, dirname(file), path));
        const where = `${file}:${line}: ${target}`;
        if (relative(REPO_ROOT, resolved).startsWith('..')) broken.push(`${where} (outside the repository)`);
        else if (!existsSync(resolved)) broken.push(`${where} (no such file)`);
        else if (anchor !== undefined && resolved.endsWith('.md')) {
          const page = relative(REPO_ROOT, resolved);
          if (!anchors(page).has(anchor)) broken.push(`${where} (no heading #${anchor} in ${page})`);
        }
      }
      assert.deepEqual(broken, []);
    });
  }

  it('computes anchors as GitHub does (backticks, punctuation, repeats)', () => {
    const set = anchors('docs/cdk.md');
    assert.ok(set.has('preflight-check-cdkout'), [...set].join(', '));
    assert.ok(set.has('constructs-preflight-guardconstructs'), [...set].join(', '));
  });
});
