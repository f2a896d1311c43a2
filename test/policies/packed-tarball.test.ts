import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// `npm pack` builds the real tarball; it is unpacked into a fresh project's node_modules, whose other
// dependencies are linked from this checkout (no registry needed). The pack then runs from the
// installed copy, as `pulumi preview --policy-pack node_modules/preflight-guard/policies` would.
describe('the policy pack from a packed tarball (emulated engine)', () => {
  it('installs with its PulumiPolicy.yaml and compiled main, and blocks a failing program', () => {
    const project = tempFiles({
      'program/Pulumi.yaml': 'name: from-tarball\nruntime: nodejs\n',
      'program/model-card.json': JSON.stringify({
        tokenizer_sha: 'ad4c1b9',
        image: { repository: 'ghcr.io/acme/llm' },
      }),
      'program/index.ts': [
        "import * as k8s from '@pulumi/kubernetes';",
        "import { join } from 'node:path';",
        "import { ModelCard } from 'preflight-guard/policies';",
        "new ModelCard('llm', { path: join(__dirname, 'model-card.json') });",
        "new k8s.core.v1.Pod('llm', { metadata: { name: 'llm' }, spec: { containers: [{ name: 'app', image: 'ghcr.io/acme/llm:1', env: [{ name: 'TOKENIZER_SHA', value: '9e7f02d' }] }] } });",
        '',
      ].join('\n'),
    });
    const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    })
      .trim()
      .split('\n')
      .pop()!;
    const installed = join(project, 'node_modules', 'preflight-guard');
    mkdirSync(installed, { recursive: true });
    execFileSync('tar', ['-xzf', join(project, tarball), '-C', installed, '--strip-components=1']);
    for (const entry of readdirSync(join(REPO_ROOT, 'node_modules'))) {
      if (entry.startsWith('.')) continue;
      symlinkSync(join(REPO_ROOT, 'node_modules', entry), join(project, 'node_modules', entry));
    }
    const packFiles = readdirSync(join(installed, 'policies')).sort();
    assert.deepEqual(packFiles, ['PulumiPolicy.yaml', 'package.json']);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'from-tarball', private: true }));
    const run = spawnSync(
      process.execPath,
      [join(installed, 'dist', 'cli', 'main.js'), 'preview', 'program'],
      {
        cwd: project,
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /\(local: node_modules\/preflight-guard\/policies\)/);
    assert.match(
      run.stdout,
      /\[mandatory\] \[severity: high\] {2}model-card-skew {2}\(kubernetes:core\/v1:Pod: llm\)/,
    );
    assert.match(run.stdout, /tokenizer_sha MISMATCH: .* declares ad4c1b9, env TOKENIZER_SHA says 9e7f02d/);
  });
});
