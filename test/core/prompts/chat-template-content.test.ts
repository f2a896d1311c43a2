import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../core/loaders/config';
import { promptInputs } from '../../../core/loaders/prompt-inputs';
import { noPromptVars } from '../../../core/loaders/prompt-vars';
import type { Dialect } from '../../../core/model/prompt';
import { lintPrompt } from '../../../core/prompts/lint-prompt';
import { lintPromptFiles } from '../../../core/prompts/lint-prompt-files';
import { tempFiles } from '../../harness/temp-files';

/** Chat templates in the shapes model repos and vLLM's examples publish, under names that do not say so. */
const TEMPLATES = join(__dirname, '..', '..', 'fixtures', 'chat-templates');
const STRAY = 'tool_chat_template_stray_variable.jinja';

function lint(text: string, dialect: Dialect = 'jinja', dialectConfigured?: boolean) {
  const source = { file: '/r/t.jinja', target: 't.jinja', dialect, text, dialectConfigured };
  return lintPrompt(source, noPromptVars('/r'));
}

const messages = (text: string) =>
  lint(text).findings.map(
    (finding) => `${finding.location?.line}:${finding.location?.column} ${finding.message}`,
  );

describe('a Jinja file is a chat template when its content says so', () => {
  const files = readdirSync(TEMPLATES).filter((file) => file !== STRAY);

  it('has ten templates of the kinds real repos publish', () => {
    assert.equal(files.length, 10);
  });

  for (const file of files) {
    it(`${file} lints clean with the engine's variables supplied`, () => {
      const result = lint(readFileSync(join(TEMPLATES, file), 'utf8'));
      assert.deepEqual(
        result.findings.map(
          (finding) => `${finding.location?.line}:${finding.location?.column} ${finding.message}`,
        ),
        [],
      );
      assert.deepEqual([result.dialect, result.byContent], ['chat-template', true]);
    });
  }

  it('still reports a name the engine does not pass', () => {
    const result = lint(readFileSync(join(TEMPLATES, STRAY), 'utf8'));
    assert.equal(result.dialect, 'chat-template');
    assert.deepEqual(
      result.findings.map((finding) => [finding.severity, finding.location?.line, finding.location?.column]),
      [['error', 6, 42]],
    );
    assert.match(result.findings[0]!.message, /"user_name" is not declared/);
  });

  it('knows a chat template by add_generation_prompt, or by messages and a role read', () => {
    assert.equal(lint('{% if add_generation_prompt %}<|assistant|>{% endif %}').dialect, 'chat-template');
    assert.equal(lint('{% for m in messages %}{{ m["role"] }}{% endfor %}').dialect, 'chat-template');
    assert.equal(lint("{% for m in messages %}{{ m['role'] }}{% endfor %}").dialect, 'chat-template');
    // A prompt that lists messages without roles is a plain Jinja prompt, and its names are checked.
    const plain = lint('{% for m in messages %}{{ m.text }}{% endfor %} {{ bos_token }}');
    assert.deepEqual([plain.dialect, plain.byContent], ['jinja', false]);
    assert.deepEqual(
      plain.findings.map((finding) => finding.message.split(' ')[0]),
      ['"messages"', '"bos_token"'],
    );
    // `messages` the template binds itself is not the engine's.
    assert.equal(
      lint('{% set messages = [] %}{% for m in messages %}{{ m.role }}{% endfor %}').dialect,
      'jinja',
    );
  });

  it('keeps the dialect prompts.dialects gives a file', () => {
    const configured = lint('{% if add_generation_prompt %}x{% endif %}', 'jinja', true);
    assert.deepEqual([configured.dialect, configured.byContent], ['jinja', false]);
    assert.equal(configured.findings.length, 1);
    const dir = tempFiles({
      'preflight.yaml': 'prompts:\n  dialects:\n    - { glob: "strict/*.jinja", dialect: jinja }\n',
      'strict/t.jinja': '{% if add_generation_prompt %}x{% endif %}\n',
      'loose/t.jinja': '{% if add_generation_prompt %}x{% endif %}\n',
    });
    const config = loadConfig(join(dir, 'preflight.yaml'));
    const { inputs } = promptInputs(['.'], dir, config.prompts.dialects);
    const run = lintPromptFiles(inputs, noPromptVars(dir), { cwd: dir });
    assert.deepEqual(
      run.read.map((read) => [read.file.slice(dir.length + 1), read.dialect, read.byContent]),
      [
        ['loose/t.jinja', 'chat-template', true],
        ['strict/t.jinja', 'jinja', false],
      ],
    );
  });

  it('a chat template named as one says so without "by content"', () => {
    const dir = tempFiles({
      'chat_template.jinja': '{{ bos_token }}{% for m in messages %}{{ m.role }}{% endfor %}\n',
    });
    const run = lintPromptFiles(promptInputs(['.'], dir, []).inputs, noPromptVars(dir), { cwd: dir });
    assert.deepEqual(run.findings, []);
    assert.deepEqual(
      run.read.map((read) => [read.dialect, read.byContent]),
      [['chat-template', false]],
    );
  });
});

describe('a branch that ends in raise_exception never reaches what follows', () => {
  it('is not "set on some paths"', () => {
    assert.deepEqual(
      messages(
        [
          '{% for message in messages %}',
          "{% if message.role == 'user' %}{% set role = 'user' %}",
          "{% elif message.role == 'assistant' %}{% set role = 'model' %}",
          "{% else %}{{ raise_exception('unknown role ' + message.role) }}{% endif %}",
          '{{ role }}: {{ message.content }}',
          '{% endfor %}',
        ].join('\n'),
      ),
      [],
    );
    assert.deepEqual(
      messages(
        "{% if messages %}{% set first = messages[0].role %}{% else %}{{- raise_exception('empty') }}{% endif %}{{ first }}",
      ),
      [],
    );
  });

  it('still warns when the other path only sometimes raises, or does not raise', () => {
    assert.deepEqual(messages('{% if messages %}{% set first = messages[0].role %}{% endif %}{{ first }}'), [
      '1:66 "first" is set on some paths before this use but not on all; on the others it is undefined',
    ]);
    assert.deepEqual(
      messages(
        "{% if messages %}{% set first = messages[0].role %}{% else %}{% if tools %}{{ raise_exception('x') }}{% endif %}{% endif %}{{ first }}",
      ),
      ['1:127 "first" is set on some paths before this use but not on all; on the others it is undefined'],
    );
  });
});
