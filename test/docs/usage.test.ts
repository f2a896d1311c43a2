import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../harness/run-cli';
import { docFiles, fences } from './markdown';

/** The commands whose `--help` lists the options of each usage synopsis in the docs. */
const HELP: Record<string, string[][]> = {
  check: [['check']],
  'lint-prompts': [['lint-prompts']],
  preview: [['preview']],
  probe: [
    ['probe', 'cuda'],
    ['probe', 'secrets'],
    ['probe', 'model'],
  ],
};

const longOptions = (text: string) => new Set(text.match(/--[a-z][a-z-]*/g) ?? []);

/**
 * The options `--help` lists: one per line, `  -c, --config FILE` or `      --offline`; an option's old
 * name kept for compatibility ("the old name of --x") is left out of the synopses on purpose.
 */
function helpOptions(command: string[]): Set<string> {
  const run = runCli([...command, '--help']);
  assert.equal(run.code, 0, run.stderr);
  return new Set(
    run.stdout
      .split('\n')
      .filter((line) => !/ the old name of --/.test(line))
      .flatMap((line) => /^\s+(?:-\w, )?(--[a-z][a-z-]*)/.exec(line)?.[1] ?? []),
  );
}

describe('usage synopses in the docs', () => {
  const usages = docFiles()
    .flatMap(fences)
    .filter((fence) => fence.marker?.kind === 'usage');

  it('has one synopsis per command', () => {
    assert.deepEqual(usages.map((fence) => fence.marker!.name).sort(), Object.keys(HELP).sort());
  });

  for (const fence of usages) {
    const name = fence.marker!.name;
    it(`${fence.file}:${fence.line}: every option of \`preflight ${name} --help\`, and no other`, () => {
      const documented = [...longOptions(fence.text)].sort();
      const helped = [...new Set((HELP[name] ?? []).flatMap((command) => [...helpOptions(command)]))].sort();
      assert.ok(helped.length > 0, `no options found in --help of ${name}`);
      assert.deepEqual(documented, helped);
    });
  }
});

describe('the probe image build command in docs/probe.md', () => {
  it('is the one runtime-probe/Containerfile documents, run from the repository root', () => {
    const [build] = fences('docs/probe.md').filter((fence) => fence.marker?.kind === 'image-build');
    assert.ok(build, 'no block marked <!-- image-build --> in docs/probe.md');
    const command = build.text.trim();
    assert.match(command, /^podman build -f runtime-probe\/Containerfile -t preflight-probe \.$/);
    const recipe = readFileSync(join(REPO_ROOT, 'runtime-probe', 'Containerfile'), 'utf8');
    assert.ok(recipe.includes(`#   ${command}\n`), 'the Containerfile names another build command');
  });
});
