import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// Bidirectional, zero-width and control characters from inputs must not reach a report raw: a
// right-to-left override (U+202E) in a name or value would reorder the line it is printed on
// ("Trojan Source", CVE-2021-42574). Every format shows them as escapes: `a\u202Eb`.
const RLO = '\u202E';
const ZWSP = '\u200B';
const ESC = '\u001B';

/** Any character that must never appear raw in a report (tab and the formats' own line breaks aside). */
const RAW_HIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028\u2029\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/u;

function project(manifestName = 'deploy/llm-server.yaml'): string {
  return tempFiles({
    'preflight.yaml': [
      'model_cards: [model-card.json]',
      'overrides:',
      '  - rule: env-var-typo',
      `    reason: "ticket INC-1 \\u202Eapproved\\u202C by the team"`,
    ].join('\n'),
    'model-card.json': JSON.stringify({
      model: { id: 'acme/llm' },
      tokenizer_sha: 'ad4c1b9',
      image: { repository: 'ghcr.io/acme/llm-server' },
    }),
    [manifestName]: [
      '# shape: apps/v1 Deployment (kubernetes.io API reference); written for preflight-guard',
      'apiVersion: apps/v1',
      'kind: Deployment',
      `metadata: { name: "llm\\u202Erevres", namespace: llm }`,
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: vllm',
      '          image: ghcr.io/acme/llm-server:2.3.0',
      '          env:',
      `            - { name: TOKENIZER_SHA, value: "9e7\\u202Ef02d\\u200B\\u001B[2J" }`,
      '            - { name: OPEN_API_KEY, value: x }',
    ].join('\n'),
  });
}

function check(dir: string, args: string[] = [], env: Record<string, string> = {}) {
  return runCli(['check', 'deploy', '-c', 'preflight.yaml', ...args], { cwd: dir, env });
}

function assertShownEscaped(output: string, what: string): void {
  assert.doesNotMatch(output, RAW_HIDDEN, `${what} holds a raw hidden character`);
  assert.ok(!output.includes(RLO) && !output.includes(ZWSP) && !output.includes(ESC), what);
}

describe('hidden characters from inputs are escaped in every report format', () => {
  it('text: names, values and the override reason show \\u202E, \\u200B, \\u001B', () => {
    const run = check(project());
    assert.equal(run.code, 1, run.stderr);
    assertShownEscaped(run.stdout, 'text');
    assert.match(run.stdout, /Deployment\/llm\/llm\\u202Erevres container vllm/);
    assert.match(run.stdout, /says 9e7\\u202Ef02d\\u200B\\u001B\[2J/);
    assert.match(run.stdout, /\[overridden: ticket INC-1 \\u202Eapproved\\u202C by the team\]/);
  });

  it('json and sarif: messages show the escapes; the documents hold no raw hidden character', () => {
    const dir = project();
    const json = check(dir, ['--format', 'json']);
    assertShownEscaped(json.stdout, 'json');
    const mismatch = JSON.parse(json.stdout).findings.find((finding: { message: string }) =>
      finding.message.startsWith('tokenizer_sha'),
    );
    assert.equal(mismatch.effective, '9e7\\u202Ef02d\\u200B\\u001B[2J');
    assert.equal(mismatch.target, 'Deployment/llm/llm\\u202Erevres container vllm');
    const sarif = check(dir, ['--format', 'sarif']);
    assertShownEscaped(sarif.stdout, 'sarif');
    const texts = JSON.parse(sarif.stdout).runs[0].results.map(
      (result: { message: { text: string } }) => result.message.text,
    );
    assert.ok(texts.some((text: string) => text.includes('ticket INC-1 \\u202Eapproved\\u202C')));
  });

  it('github annotations and the step summary', () => {
    const dir = project();
    const summary = join(dir, 'step-summary.md');
    const run = check(dir, ['--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    assertShownEscaped(run.stdout, 'github');
    assert.match(run.stdout, /9e7\\u202Ef02d/);
    const markdown = readFileSync(summary, 'utf8');
    assertShownEscaped(markdown, 'step summary');
    assert.match(markdown, /llm\\\\u202Erevres/, 'the cell escapes the backslash for Markdown');
  });

  it('a file name with a right-to-left override is escaped where it is printed, kept exact in JSON', () => {
    const dir = project(`deploy/llm${RLO}lmay.yaml`);
    const text = check(dir);
    assertShownEscaped(text.stdout, 'text');
    assert.match(text.stdout, /at deploy\/llm\\u202Elmay\.yaml:\d+:\d+/);
    const json = check(dir, ['--format', 'json']);
    assertShownEscaped(json.stdout, 'json');
    const files = JSON.parse(json.stdout).findings.map(
      (finding: { location?: { file: string } }) => finding.location?.file,
    );
    assert.ok(files.includes(`deploy/llm${RLO}lmay.yaml`), 'the path parses back to the real file');
  });
});
