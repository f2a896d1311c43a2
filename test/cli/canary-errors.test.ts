import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

// A secret in a malformed file must not come back in the error: V8's JSON messages quote the text
// ("Unexpected token 'C', "{"a":CANARY-7f3"... is not valid JSON"). Errors name the position and
// what was expected, never content.
const CANARY = 'CANARY-7f3e9d2a1b';
const PASSING_PROGRAM = 'examples/pulumi-k8s/passing';

/** Every way a JSON syntax error can sit right at (or just after) the secret. */
const MALFORMED = [
  `{"token":${CANARY}}`,
  `{"token":"${CANARY}"`,
  `{"token":"${CANARY}" "more":1}`,
  `{"token":"${CANARY}\n"}`,
  `{"token":"${CANARY}"}${CANARY}`,
  `{${CANARY}:1}`,
];

function assertNoCanary(run: { code: number | null; stdout: string; stderr: string }, what: string): void {
  assert.equal(run.code, 2, `${what}: ${run.stdout}${run.stderr}`);
  assert.ok(!`${run.stdout}${run.stderr}`.includes('CANARY'), `${what} leaked: ${run.stderr}`);
  // Not even the first character of it, quoted as V8 does.
  // A manifest's error is in the report (a folder run goes on); a card's or config's on standard error.
  const output = `${run.stdout}${run.stderr}`;
  assert.doesNotMatch(output, /token 'C'|"\{"/, what);
  assert.match(output, /:\d+:\d+: .*not valid JSON: /, `${what}: the position and what was expected`);
}

describe('JSON syntax errors never quote the file', () => {
  for (const [index, text] of MALFORMED.entries()) {
    it(`check -m card.json (${index}): positioned error, no content`, () => {
      const dir = tempFiles({
        'card.json': text,
        'pod.yaml':
          'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: a, image: a:1 }] }\n',
      });
      assertNoCanary(runCli(['check', 'pod.yaml', '-m', 'card.json'], { cwd: dir }), `card ${index}`);
    });
  }

  it('check on a malformed JSON manifest: positioned error, no content', () => {
    const dir = tempFiles({
      'pod.json': `{"apiVersion":"v1","kind":"Secret","stringData":{"token":${CANARY}}}`,
    });
    assertNoCanary(runCli(['check', 'pod.json'], { cwd: dir }), 'manifest');
  });

  for (const [index, text] of MALFORMED.entries()) {
    it(`preview --policy-pack-config (${index}): positioned error, no content`, () => {
      const dir = tempFiles({ 'policy-config.json': text });
      assertNoCanary(
        runCli(['preview', PASSING_PROGRAM, '--policy-pack-config', join(dir, 'policy-config.json')]),
        `policy pack config ${index}`,
      );
    });
  }

  // Three policies read modelCards, so one preview tries three malformed cards; text and json.
  for (const [run, format] of [
    [0, 'text'],
    [1, 'json'],
  ] as const) {
    it(`preview with the pack's modelCards malformed (${run}, ${format}): each card's error positioned, no content`, () => {
      const cards = MALFORMED.slice(run * 3, run * 3 + 3);
      const dir = tempFiles(Object.fromEntries(cards.map((text, i) => [`card-${i}.json`, text])));
      const config = Object.fromEntries(
        ['model-card-skew', 'env-var-typo', 'cuda-driver-compat'].map((policy, i) => [
          policy,
          // cuda-driver-compat applies once a driver is declared.
          { modelCards: [join(dir, `card-${i}.json`)], ...(i === 2 ? { gpuDriver: '535' } : {}) },
        ]),
      );
      writeFileSync(join(dir, 'policy-config.json'), JSON.stringify(config));
      const preview = runCli([
        'preview',
        PASSING_PROGRAM,
        '--format',
        format,
        '--policy-pack-config',
        join(dir, 'policy-config.json'),
      ]);
      const output = `${preview.stdout}${preview.stderr}`;
      assert.equal(preview.code, 1, output);
      assert.ok(!output.includes('CANARY'), `leaked: ${output}`);
      assert.doesNotMatch(output, /token 'C'|"\{"/);
      for (const i of [0, 1, 2])
        assert.match(
          output,
          new RegExp(`invalid model card: [^\\n]*card-${i}\\.json:\\d+:\\d+: not valid JSON: `),
          `card ${i}`,
        );
    });
  }

  it('lint-prompts on a malformed tokenizer_config.json: positioned error, no content', () => {
    const dir = tempFiles({ 'tokenizer_config.json': `{"chat_template":"{{ x }}","hf_token":${CANARY}}` });
    const run = runCli(['lint-prompts', 'tokenizer_config.json'], { cwd: dir });
    assert.ok(!`${run.stdout}${run.stderr}`.includes('CANARY'), run.stdout + run.stderr);
    assert.match(`${run.stdout}${run.stderr}`, /not valid JSON: /);
  });
});

describe('URLs with credentials', () => {
  it('probe secrets --kubernetes-api http://u:CANARY@127.0.0.1:1 is refused without echoing the URL', () => {
    const run = runProbeCli([
      'secrets',
      '--kubernetes-secret',
      'hf-token',
      '--kubernetes-api',
      `http://u:${CANARY}@127.0.0.1:1`,
    ]);
    assert.equal(run.code, 2, run.stderr);
    assert.ok(!`${run.stdout}${run.stderr}`.includes('CANARY'), run.stderr);
    assert.match(run.stderr, /--kubernetes-api: a URL with credentials \(USER:PASSWORD@\) is refused/);
  });
});
