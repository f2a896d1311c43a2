import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ANNOTATIONS_PER_LEVEL, formatGithub, stepSummary } from '../../../core/format/github';
import { workflowCommand } from '../../../core/format/workflow-command';
import type { Finding } from '../../../core/model/finding';
import { context, manyFindings, sampleFindings } from './sample-findings';

function commandLines(output: string): string[] {
  return output.split('\n').filter((line) => line.trimStart().startsWith('::'));
}

/** The lines the runner would read as commands: outside the stop-commands block. */
function liveCommands(output: string): string[] {
  const live: string[] = [];
  let resume: string | undefined;
  for (const line of output.split(/\r\n|\r|\n/)) {
    const trimmed = line.trim();
    if (resume) {
      if (trimmed === resume) resume = undefined;
      continue;
    }
    const stop = /^::stop-commands::(.+)$/.exec(trimmed);
    if (stop) resume = `::${stop[1]}::`;
    else if (trimmed.startsWith('::') || trimmed.includes('##[')) live.push(line);
  }
  assert.equal(resume, undefined, 'commands are resumed');
  return live;
}

test('workflow commands escape data and properties the way the runner unescapes them', () => {
  assert.equal(
    workflowCommand(
      'error',
      { file: 'a,b:c%d\ne.yaml', line: 3, col: undefined, title: 'x::y' },
      '100%\r\ndone ::x',
    ),
    '::error file=a%2Cb%3Ac%25d%0Ae.yaml,line=3,title=x%3A%3Ay::100%25%0D%0Adone ::x',
  );
  assert.equal(workflowCommand('notice', {}, 'plain'), '::notice::plain');
});

test('annotations for the sample: file, line, col and title; notes become notices', () => {
  const annotations = commandLines(formatGithub(sampleFindings(), context)).filter(
    (line) => !/^::(stop-commands::|[0-9a-f]{64}::$)/.test(line),
  );
  assert.deepEqual(annotations, [
    '::error file=k8s/deployment.yaml,line=24,col=18,title=model-card-skew::transformers 4.38.0 in the image, ' +
      'the model card declares 4.40.0%0Adeclared: 4.40.0%0Aeffective: 4.38.0 (from image tag)%0A' +
      'fix: Rebuild the image with transformers 4.40.0.',
    '::warning file=k8s/deployment.yaml,line=3,title=gpu-probe-attached (overridden)::GPU requested without the ' +
      'runtime probe%0Aoverridden in preflight.yaml:12:5: probe rolls out next sprint (expires 2030-01-31)',
    '::error title=secret-missing::secret openai-credentials is referenced but not provided%0A' +
      'target: urn:pulumi:dev::llm::kubernetes:apps/v1:Deployment::vllm%0Afix: Create the secret in namespace llm.',
    '::notice file=prompts/answer.j2,line=7,col=12,title=prompt-template-vars::variable {{ tone }} has a default only',
  ]);
});

test('every finding is printed to the log as plain text, with the counts last', () => {
  const output = formatGithub(sampleFindings(), context);
  const lines = output.split('\n');
  assert.ok(
    lines.includes(
      'error model-card-skew k8s/deployment.yaml:24:18: transformers 4.38.0 in the image, the model card declares 4.40.0',
    ),
  );
  assert.ok(lines.includes('  - target: Deployment/llm/vllm container server'));
  assert.ok(lines.includes('  - effective: 4.38.0 (from image tag)'));
  assert.ok(
    lines.includes(
      'error secret-missing urn:pulumi:dev::llm::kubernetes:apps/v1:Deployment::vllm: secret openai-credentials is referenced but not provided',
    ),
  );
  assert.equal(lines.at(-2), 'preflight-guard check: 2 errors, 1 warning, 1 note (1 overridden)');
  assert.equal(lines.at(-1), '');
});

test('no findings: only the counts', () => {
  assert.equal(formatGithub([], context), 'preflight-guard check: 0 errors, 0 warnings, 0 notes\n');
});

test('a column is never sent without a line; a finding without a file gets no position at all', () => {
  const findings: Finding[] = [
    {
      rule: 'env-var-typo',
      severity: 'error',
      message: 'm',
      target: 't',
      location: { file: 'a.yaml', column: 5 },
    },
    {
      rule: 'env-var-typo',
      severity: 'error',
      message: 'm',
      target: 't',
      location: { file: '', line: 2, column: 5 },
    },
  ];
  const annotations = commandLines(formatGithub(findings, context)).filter((line) =>
    line.startsWith('::error'),
  );
  assert.deepEqual(annotations, [
    '::error file=a.yaml,title=env-var-typo::m',
    '::error title=env-var-typo::m%0Atarget: t',
  ]);
});

test('at most 10 annotations per level, then one line per level saying how many more exist', () => {
  const findings = [
    ...manyFindings(13, 'error'),
    ...manyFindings(12, 'warning'),
    ...manyFindings(11, 'note'),
  ];
  const output = formatGithub(findings, context);
  const annotations = commandLines(output);
  assert.equal(ANNOTATIONS_PER_LEVEL, 10);
  for (const level of ['error', 'warning', 'notice']) {
    assert.equal(annotations.filter((line) => line.startsWith(`::${level} `)).length, 10, level);
  }
  assert.match(
    output,
    /\npreflight-guard: 3 more error findings are not annotated .*all 13 are listed above and in the SARIF output\.\n/,
  );
  assert.match(output, /\npreflight-guard: 2 more warning findings are not annotated .*all 12 are/);
  assert.match(output, /\npreflight-guard: 1 more notice findings are not annotated .*all 11 are/);
  // The log still lists every finding.
  for (const finding of findings) assert.ok(output.includes(`${finding.target}`.replace('Deployment/', '')));
  assert.equal(
    output.split('\n').filter((line) => / env-var-typo k8s\/app-\d+\.yaml:\d+: /.test(line)).length,
    36,
  );
});

test('hostile text cannot inject a workflow command, in the log or in an annotation', () => {
  const hostile: Finding = {
    rule: 'prompt-template-vars',
    severity: 'error',
    message: 'first\n::add-mask::leak\r::set-output name=x::y\r\n  ##[error]legacy %0A 50%',
    target: 'x\n::warning::from target',
    location: { file: 'prompts/a,b:c.j2', line: 4, column: 2 },
    declared: '::notice::declared',
    fix: '\n::error::fix',
  };
  const output = formatGithub([hostile], context);
  const live = liveCommands(output);
  assert.equal(live.length, 1);
  assert.equal(
    live[0],
    // Line breaks from the finding's text are shown as escapes (shown-text.ts); the lines the format
    // itself adds are encoded as %0A.
    '::error file=prompts/a%2Cb%3Ac.j2,line=4,col=2,title=prompt-template-vars::first\\u000A::add-mask::leak\\u000D' +
      '::set-output name=x::y\\u000D\\u000A  ##[error]legacy %250A 50%25%0A' +
      'declared: ::notice::declared%0Afix: \\u000A::error::fix',
  );
  // Every plain line of the finding starts with something other than blanks and `::`.
  const stop = output.split('\n').findIndex((line) => line.startsWith('::stop-commands::'));
  const token = output.split('\n')[stop]!.slice('::stop-commands::'.length);
  const logged = output.split('\n').slice(stop + 1, output.split('\n').indexOf(`::${token}::`));
  assert.ok(logged.length > 3);
  for (const line of logged.flatMap((text) => text.split('\r'))) assert.doesNotMatch(line, /^\s*::/);
  assert.ok(!logged.join('\n').includes(token));
});

test('the stop-commands token is the same for the same findings and differs for others', () => {
  const token = (findings: Finding[]) =>
    /::stop-commands::([0-9a-f]{64})/.exec(formatGithub(findings, context))?.[1];
  assert.equal(token(sampleFindings()), token(sampleFindings()));
  assert.notEqual(token(sampleFindings()), token(sampleFindings().slice(1)));
});

test('step summary: a heading with counts and one escaped table row per finding', () => {
  const summary = stepSummary(sampleFindings(), context);
  const lines = summary.split('\n');
  assert.equal(lines[0], '### preflight-guard check: 2 errors, 1 warning, 1 note (1 overridden)');
  assert.equal(lines[2], '| severity | rule | target | location | message |');
  assert.equal(lines[3], '| --- | --- | --- | --- | --- |');
  assert.equal(lines.length, 4 + 4 + 1);
  assert.equal(
    lines[4],
    '| error | `model-card-skew` | Deployment/llm/vllm container server | k8s/deployment.yaml:24:18 | ' +
      'transformers 4.38.0 in the image, the model card declares 4.40.0<br>declared: 4.40.0<br>' +
      'effective: 4.38.0 (from image tag)<br>fix: Rebuild the image with transformers 4.40.0. |',
  );
  assert.equal(summary.at(-1), '\n');
});

test('step summary cells cannot break the table or inject markup', () => {
  const [row] = stepSummary(
    [
      {
        rule: 'env-var-typo',
        severity: 'error',
        message: 'a | b\\| <img src=x> [l](u) *x*\r\nnext',
        target: 'T|1',
      },
    ],
    context,
  )
    .split('\n')
    .filter((line) => line.startsWith('| error'));
  assert.equal(
    row,
    '| error | `env-var-typo` | T\\|1 |  | a \\| b\\\\\\| \\<img src=x\\> \\[l\\](u) \\*x\\*\\\\u000D\\\\u000Anext |',
  );
  // Unescaped pipes are exactly the 6 cell borders.
  assert.equal(row!.replace(/\\./g, '').split('|').length - 1, 6);
  assert.equal(stepSummary([], context), '### preflight-guard check: no findings\n');
});
