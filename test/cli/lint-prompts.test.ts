import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sarifSchemaErrors } from '../core/format/sarif-schema';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

const CORPUS = join(__dirname, '..', 'fixtures', 'prompts');

function lint(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}) {
  return runCli(['lint-prompts', ...args], { cwd: CORPUS, ...options });
}

describe('preflight lint-prompts on the corpus', () => {
  it('prints eslint-style text and exits 1 on errors', () => {
    const run = lint([]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    const lines = run.stdout.split('\n');
    const persona = lines.indexOf('system/persona.j2');
    assert.ok(persona !== -1, run.stdout);
    assert.match(
      lines[persona + 1]!,
      /^ {2}1:12 {2}error {2}"persona_name" is not declared in prompt_vars\.yaml and has no default {2,}prompt-template-vars$/,
    );
    assert.match(
      run.stdout,
      /^chat\/qwen-style\/tokenizer_config\.json\n {2}30:226 {2}error {2}invisible character U\+200B ZERO WIDTH SPACE/m,
    );
    assert.match(run.stdout, /\n✖ 32 problems \(28 errors, 4 warnings\)\n$/);
    assert.ok(!run.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
  });

  it('colours on FORCE_COLOR, not with NO_COLOR', () => {
    assert.ok(lint(['system'], { env: { FORCE_COLOR: '1' } }).stdout.includes('\u001b[31merror'));
    assert.ok(!lint(['system'], { env: { NO_COLOR: '1' } }).stdout.includes('\u001b['));
  });

  it('takes files, folders and quoted globs, each file once', () => {
    const run = lint(['scoping/*-set.j2', 'scoping/read-before-set.j2', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.summary.files, 2);
    assert.deepEqual(
      [...new Set(report.findings.map((finding: { location: { file: string } }) => finding.location.file))],
      ['scoping/conditional-set.j2', 'scoping/read-before-set.j2', 'prompt_vars.yaml'],
    );
  });

  it('prints the JSON contract with positions and counts', () => {
    const run = lint(['--format', 'json']);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.summary, {
      errors: 28,
      warnings: 4,
      notes: 0,
      overridden: 0,
      blocking: true,
      files: 32,
      templates: 32,
      skipped: 0,
    });
    const persona = report.findings.find(
      (finding: { target: string }) => finding.target === 'system/persona.j2',
    );
    assert.deepEqual(persona.location, {
      file: 'system/persona.j2',
      line: 1,
      column: 12,
      endLine: 1,
      endColumn: 24,
    });
    assert.equal(persona.rule, 'prompt-template-vars');
    assert.match(persona.fix, /Declare "persona_name" in prompt_vars\.yaml, or give it a default/);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema', () => {
    const run = lint(['--format', 'sarif']);
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout);
    assert.deepEqual(sarifSchemaErrors()(log), []);
    const [sarifRun] = log.runs;
    assert.equal(sarifRun.automationDetails.id, 'preflight-guard/lint-prompts/');
    assert.equal(sarifRun.results.length, 32);
    const rules = sarifRun.tool.driver.rules.map((rule: { id: string }) => rule.id);
    assert.ok(rules.includes('prompt-template-vars') && rules.includes('invisible-unicode'));
    const region = sarifRun.results.find(
      (result: { ruleId: string }) => result.ruleId === 'invisible-unicode',
    ).locations[0].physicalLocation;
    assert.deepEqual(region, {
      artifactLocation: { uri: 'chat/qwen-style/tokenizer_config.json', uriBaseId: '%SRCROOT%' },
      region: { startLine: 30, startColumn: 226, endLine: 30, endColumn: 232 },
    });
  });

  it('writes GitHub annotations, at most 10 per level, says so, and appends a step summary', () => {
    const dir = tempFiles({});
    const summary = join(dir, 'summary.md');
    const run = lint(['--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    assert.equal(run.code, 1);
    const annotations = run.stdout.split('\n').filter((line) => /^::(error|warning) /.test(line));
    assert.equal(annotations.filter((line) => line.startsWith('::error ')).length, 10);
    assert.equal(annotations.filter((line) => line.startsWith('::warning ')).length, 4);
    assert.ok(
      annotations.includes(
        '::error file=chat/qwen-style/tokenizer_config.json,line=30,endLine=30,col=316,endColumn=332,title=prompt-template-vars::"assistant_prefix" is not declared in prompt_vars.yaml and has no default%0Afix: Declare "assistant_prefix" in prompt_vars.yaml, or give it a default ({{ assistant_prefix | default(...) }}) or guard it ({%25 if assistant_prefix is defined %25}).',
      ),
      annotations.join('\n'),
    );
    assert.match(run.stdout, /18 more error findings are not annotated \(GitHub shows 10 per level\)/);
    // The log lists every finding, annotated or not.
    assert.match(
      run.stdout,
      /^error prompt-template-vars system\/persona\.j2:1:12: "persona_name" is not declared/m,
    );
    assert.match(
      readFileSync(summary, 'utf8'),
      /^### preflight-guard lint-prompts: 28 errors, 4 warnings, 0 notes/,
    );
  });

  it('escapes file names in annotation properties', () => {
    const dir = tempFiles({ 'we:ird,name.j2': 'Hi {{ who }}\n' });
    const run = lint(['--format', 'github'], { cwd: dir });
    assert.match(run.stdout, /^::error file=we%3Aird%2Cname\.j2,line=1,endLine=1,col=7,endColumn=10,/m);
  });

  it('writes the report to --output', () => {
    const out = join(tempFiles({}), 'lint.sarif');
    const run = lint(['--format', 'sarif', '--output', out]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, '2.1.0');
  });
});

describe('preflight lint-prompts exit codes and bad input', () => {
  it('exits 0 on a clean run and prints only which dialect each file was read as', () => {
    const dir = tempFiles({
      'prompt_vars.yaml': 'variables:\n  question: {}\n',
      'prompts/ask.j2': 'Q: {{ question }} {{ lang | default("en") }}\n',
      'prompts/tool_chat_template_chatml.jinja':
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant{% endif %}\n",
      'model/chat_template.jinja': '{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}\n',
    });
    const run = lint([], { cwd: dir });
    assert.deepEqual(
      [run.code, run.stdout, run.stderr],
      [
        0,
        [
          'Read 3 files as:',
          '  model/chat_template.jinja                jinja (chat template)',
          '  prompts/ask.j2                           jinja',
          '  prompts/tool_chat_template_chatml.jinja  jinja (chat template, by its content)',
          '',
          '',
        ].join('\n'),
        '',
      ],
    );
  });

  it('says in JSON and SARIF which dialect each file was read as, as the text does', () => {
    const dir = tempFiles({
      'prompt_vars.yaml': 'variables:\n  question: {}\n',
      'prompts/ask.j2': 'Q: {{ question }} {{ lang | default("en") }}\n',
      'prompts/tool_chat_template_chatml.jinja':
        "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant{% endif %}\n",
      'model/chat_template.jinja': '{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}\n',
      'prompts/greeting.hbs': 'Hello {{question}}\n',
    });
    const expected = [
      { file: 'model/chat_template.jinja', dialect: 'chat-template', byContent: false },
      { file: 'prompts/ask.j2', dialect: 'jinja', byContent: false },
      { file: 'prompts/greeting.hbs', dialect: 'handlebars', byContent: false },
      { file: 'prompts/tool_chat_template_chatml.jinja', dialect: 'chat-template', byContent: true },
    ];
    const json = lint(['--format', 'json'], { cwd: dir });
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout);
    assert.deepEqual(Object.keys(report), ['findings', 'errors', 'files', 'summary']);
    assert.deepEqual(report.files, expected);

    const sarif = lint(['--format', 'sarif'], { cwd: dir });
    const log = JSON.parse(sarif.stdout);
    assert.deepEqual(sarifSchemaErrors()(log), []);
    assert.deepEqual(
      log.runs[0].artifacts,
      expected.map(({ file, dialect, byContent }) => ({
        location: { uri: file, uriBaseId: '%SRCROOT%' },
        properties: { dialect, byContent },
      })),
    );
  });

  it('exits 0 on warnings only', () => {
    const dir = tempFiles({
      'prompt_vars.yaml': 'variables:\n  question: {}\n  unused: {}\n',
      'ask.j2': 'Q: {{ question }}\n',
    });
    const run = lint([], { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /"unused" is declared in prompt_vars\.yaml, but no linted template uses it/);
  });

  it('skips what it cannot read, says why, lints the rest, and exits 2', () => {
    const dir = tempFiles({
      'preflight.yaml': 'prompts:\n  max_file_bytes: 2048\n',
      'ok.j2': 'Hi {{ name }}\n',
      'binary.j2': Buffer.from([0x7b, 0x7b, 0x00, 0x01, 0x7d, 0x7d]),
      'latin1.j2': Buffer.from('caf\xe9 {{ x }}\n', 'latin1'),
      'big.j2': `${'x'.repeat(4096)}\n`,
      'tokenizer_config.json': '{"chat_template": "{{ a }}",}',
      'odd/tokenizer_config.json': '{"chat_template": 42}',
      'notes.txt': 'no dialect',
      'locked.j2': 'secret',
    });
    chmodSync(join(dir, 'locked.j2'), 0o000);
    const run = lint(['.', 'notes.txt', 'missing.j2', "'nothing/**/*.j2'".slice(1, -1)], { cwd: dir });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /^ok\.j2\n {2}1:7 {2}error {2}"name" is not declared/m);
    const lines = run.stderr.trim().split('\n');
    const expected = [
      /^preflight: skipped big\.j2: file is 5 KiB, over the 2 KiB limit for input files$/,
      /^preflight: skipped binary\.j2: binary file \(NUL byte at offset 2\), expected text$/,
      /^preflight: skipped latin1\.j2: not valid UTF-8 \(at byte 3\)$/,
      /^preflight: skipped odd\/tokenizer_config\.json: chat_template: expected a string or a list of \{name, template\}$/,
      /^preflight: skipped tokenizer_config\.json:1:\d+: .+/,
      /^preflight: skipped notes\.txt: no dialect for this file name \(map it under prompts\.dialects in preflight\.yaml/,
      /^preflight: skipped missing\.j2: no such file or folder$/,
      /^preflight: skipped nothing\/\*\*\/\*\.j2: no prompt files match this glob$/,
    ];
    if (process.getuid?.() !== 0)
      expected.push(/^preflight: skipped locked\.j2: cannot read: permission denied \(EACCES\)$/);
    for (const pattern of expected)
      assert.ok(
        lines.some((line) => pattern.test(line)),
        `${pattern}\n${run.stderr}`,
      );
    // As root, the unreadable file is readable after all.
    assert.match(lines.at(-1)!, /^preflight: \d+ skipped; the report covers the other \d+ files?$/);
  });

  it('carries what it skipped in the JSON errors list and as SARIF tool execution notifications', () => {
    const dir = tempFiles({
      'ok.j2': 'Hi {{ name }}\n',
      // shape: a Hugging Face tokenizer_config.json (chat_template key) with a trailing comma; written for preflight-guard
      'tokenizer_config.json': '{"chat_template": "{{ a }}",}',
    });
    const json = lint(['.', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 2);
    const report = JSON.parse(json.stdout);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0].location.file, 'tokenizer_config.json');
    assert.equal(report.errors[0].location.line, 1);
    assert.ok(report.errors[0].location.column > 1);
    assert.doesNotMatch(report.errors[0].message, /line 1/);
    assert.ok(report.findings.some((finding: { target: string }) => finding.target === 'ok.j2'));
    const sarif = JSON.parse(lint(['.', '--format', 'sarif'], { cwd: dir }).stdout);
    const [invocation] = sarif.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.equal(
      invocation.toolExecutionNotifications[0].locations[0].physicalLocation.artifactLocation.uri,
      'tokenizer_config.json',
    );
  });

  it('exits 2 on a malformed prompt_vars.yaml or config, naming the file and position', () => {
    const dir = tempFiles({
      'prompt_vars.yaml': 'variables:\n  question: { requird: true }\n',
      'bad.yaml': 'prompts: { dialects: [{ glob: "*.txt", dialect: text }] }\n',
      'a.j2': '{{ question }}',
    });
    const vars = lint([], { cwd: dir });
    assert.equal(vars.code, 2);
    assert.equal(vars.stdout, '');
    assert.match(
      vars.stderr,
      /^preflight: error: prompt_vars\.yaml:2:15: variables\.question\.requird: unknown field "requird"/,
    );
    const config = lint(['--config', 'bad.yaml'], { cwd: dir });
    assert.equal(config.code, 2);
    assert.match(
      config.stderr,
      /^preflight: error: bad\.yaml:1:\d+: prompts\.dialects\[0\]\.dialect: expected one of/,
    );
    const missing = lint(['--vars', 'nope.yaml'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.yaml: cannot read: no such file \(ENOENT\)/);
  });

  it('exits 2 on usage errors', () => {
    const run = lint(['--format', 'xml']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /unknown format "xml" \(expected one of: text, json, sarif, github\)/);
    assert.match(runCli(['--help']).stdout, /lint-prompts +lint prompt templates/);
  });

  it('applies an override with its reason, turning the error into a warning', () => {
    const dir = tempFiles({
      'preflight.yaml': [
        'overrides:',
        '  - rule: invisible-unicode',
        '    target: legacy/',
        '    reason: vendor prompt, fixed upstream in INC-981',
      ].join('\n'),
      'legacy/a.j2': 'zero\u200bwidth\n',
    });
    const run = lint([], { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.match(
      run.stdout,
      /warning {2}invisible character U\+200B ZERO WIDTH SPACE \[overridden: vendor prompt, fixed upstream in INC-981\]/,
    );
  });
});

describe('preflight lint-prompts never prints a variable value', () => {
  it('keeps a secret-looking default out of every format', () => {
    const SECRET = 'sk-live-Qx7CanaryPromptDefault';
    const dir = tempFiles({
      'prompt_vars.yaml': `variables:\n  api_key: { default: "${SECRET}" }\n  unused_token: { default: "${SECRET}" }\n  optional: { required: false }\n`,
      'a.j2': 'Key {{ api_key }} {{ optional }} {{ missing }}\u202e\n',
      'b.hbs': '{{api_key}} {{#if optional}}x{{/if}}',
    });
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '');
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const run = lint(['--format', format], { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } });
      assert.equal(run.code, 1, `${format}: ${run.stderr}`);
      assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), format);
      assert.match(run.stdout, /unused_token/, format);
    }
    assert.ok(!readFileSync(summary, 'utf8').includes(SECRET));
  });
});
