import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { factsFromImage, parseImageRef } from '../../../core/images';
import { loadConfig } from '../../../core/loaders/config';
import { loadPromptVars } from '../../../core/loaders/prompt-vars';
import { matchesGlob } from '../../../core/prompts/glob';
import { expectInputError } from '../../harness/input-error';
import { runCli } from '../../harness/run-cli';
import { tempFiles } from '../../harness/temp-files';

// Each pathological input below never ends on V8's backtracking engine (exponential or high-degree
// polynomial); on RE2 it is linear. The test timeout is only a "does not hang" bound: the results
// asserted are what tells, and they are deterministic.
const DOES_NOT_HANG = { timeout: 30_000 };

describe('user regexes and globs run in linear time', () => {
  it(
    'a tag convention ^(?<cuda>(a+)+)$ against 127 "a"s then "b" does not hang check, and finds no match',
    DOES_NOT_HANG,
    () => {
      const convention = { repository: 'acme/app', tag: { source: '^(?<cuda>(a+)+)$' } };
      const facts = factsFromImage(parseImageRef(`acme/app:${'a'.repeat(127)}b`), [convention]);
      assert.equal(
        facts.find((fact) => fact.key === 'runtime.cuda'),
        undefined,
      );
    },
  );

  it('named groups of a tag convention still become facts', () => {
    const convention = { repository: 'acme/app', tag: { source: '^(?<cuda>(a+)+)$' } };
    const facts = factsFromImage(parseImageRef(`acme/app:${'a'.repeat(127)}`), [convention]);
    assert.equal(facts.find((fact) => fact.key === 'runtime.cuda')?.value, 'a'.repeat(127));
  });

  it(
    'the glob *a*a*a*a*a*a*a*a*a*a*a*ab against a 60-character name does not hang, and does not match',
    DOES_NOT_HANG,
    () => {
      assert.equal(matchesGlob('a'.repeat(60), '*a*a*a*a*a*a*a*a*a*a*a*ab'), false);
      assert.equal(matchesGlob(`${'a'.repeat(59)}b`, '*a*a*a*a*a*a*a*a*a*a*a*ab'), true);
    },
  );

  it('a backreference, which only a backtracking engine can run, is refused at its position in preflight.yaml', () => {
    const dir = tempFiles({
      'preflight.yaml': "image_conventions:\n  - repository: acme/app\n    tag: '^(a)\\1$'\n",
    });
    const error = expectInputError(() => loadConfig(join(dir, 'preflight.yaml')));
    assert.match(
      error.describe(dir),
      /^preflight\.yaml:3:10: image_conventions\[0\]\.tag: not a regular expression this tool runs \(RE2 syntax.*\): invalid escape sequence/,
    );
  });

  it('[z-a] in a tag convention is a config error naming the file and path, not "Invalid regular expression"', () => {
    const dir = tempFiles({
      'preflight.yaml': "image_conventions:\n  - repository: acme/app\n    tag: '^[z-a]$'\n",
    });
    const error = expectInputError(() => loadConfig(join(dir, 'preflight.yaml')));
    assert.match(
      error.describe(dir),
      /^preflight\.yaml:3:10: image_conventions\[0\]\.tag: .*invalid character class range: `z-a`$/,
    );
    assert.doesNotMatch(error.message, /Invalid regular expression/);
  });

  it('[z-a] as a glob in prompt_vars.yaml, prompts.dialects and on the command line is a clear error', () => {
    const dir = tempFiles({
      'prompt_vars.yaml': "templates:\n  - files: 'chat/[z-a]*.j2'\n    variables: { user: {} }\n",
      'preflight.yaml': "prompts:\n  dialects:\n    - { glob: '[z-a].txt', dialect: jinja }\n",
      'a.j2': 'hi',
    });
    const vars = expectInputError(() => loadPromptVars(join(dir, 'prompt_vars.yaml')));
    assert.match(
      vars.describe(dir),
      /^prompt_vars\.yaml:2:12: templates\[0\]\.files: not a glob this tool takes: invalid character class range/,
    );
    const config = expectInputError(() => loadConfig(join(dir, 'preflight.yaml')));
    assert.match(
      config.describe(dir),
      /^preflight\.yaml:3:\d+: prompts\.dialects\[0\]\.glob: not a glob this tool takes/,
    );
    const run = runCli(['lint-prompts', '[z-a]*.j2'], { cwd: tempFiles({ 'a.j2': 'hi' }) });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /\[z-a\]\*\.j2: not a glob this tool takes: invalid character class range/);
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at /);
  });
});
