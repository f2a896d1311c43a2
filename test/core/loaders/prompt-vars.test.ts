import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../core/loaders/config';
import { loadPromptVars } from '../../../core/loaders/prompt-vars';
import { variablesFor } from '../../../core/prompts/variables-for';
import { expectInputError } from '../../harness/input-error';
import { tempFiles } from '../../harness/temp-files';

function varsFile(text: string): string {
  return join(tempFiles({ 'prompt_vars.yaml': text }), 'prompt_vars.yaml');
}

describe('loadPromptVars', () => {
  it('reads variables with description, default and required, and where each is declared', () => {
    const file = varsFile(
      [
        'variables:',
        '  question: { description: the user question }',
        '  tone: { default: friendly }',
        '  locale: { required: false }',
        '  bare:',
        'templates:',
        '  - files: "rag/**"',
        '    variables:',
        '      passages: { required: true }',
      ].join('\n'),
    );
    const vars = loadPromptVars(file);
    assert.deepEqual(
      vars.variables.map(({ name, description, hasDefault, required, files, location }) => [
        name,
        description,
        hasDefault,
        required,
        files,
        `${location?.line}:${location?.column}`,
      ]),
      [
        ['question', 'the user question', false, true, undefined, '2:3'],
        ['tone', undefined, true, false, undefined, '3:3'],
        ['locale', undefined, false, false, undefined, '4:3'],
        ['bare', undefined, false, true, undefined, '5:3'],
        ['passages', undefined, false, true, 'rag/**', '9:7'],
      ],
    );
  });

  it('never keeps a default value, only that there is one', () => {
    const vars = loadPromptVars(
      varsFile('variables:\n  api_base: { default: "https://internal.example/sk-canary" }\n'),
    );
    assert.ok(!JSON.stringify(vars).includes('sk-canary'));
  });

  it('fills per-template variables only for templates matching their glob, which win on a clash', () => {
    const file = varsFile(
      'variables:\n  a: {}\n  b: { required: false }\ntemplates:\n  - files: "rag/*.j2"\n    variables:\n      b: {}\n      c: {}\n',
    );
    const vars = loadPromptVars(file);
    const base = join(file, '..');
    assert.deepEqual([...variablesFor(vars, join(base, 'other.j2')).keys()], ['a', 'b']);
    const rag = variablesFor(vars, join(base, 'rag/answer.j2'));
    assert.deepEqual([...rag.keys()], ['a', 'b', 'c']);
    assert.equal(rag.get('b')?.required, true);
    assert.equal(variablesFor(vars, join(base, '..', 'rag/answer.j2')).has('c'), false);
  });

  it('accepts an empty file', () => {
    assert.deepEqual(loadPromptVars(varsFile('')).variables, []);
  });

  it('rejects bad input with the file, position and field', () => {
    const cases: [string, RegExp][] = [
      ['variables:\n  9lives: {}\n', /prompt_vars\.yaml:2:3: variables\.9lives: invalid name "9lives"/],
      [
        'variables:\n  a: { descripton: x }\n',
        /prompt_vars\.yaml:2:8: variables\.a\.descripton: unknown field "descripton": did you mean "description"\? \(expected one of: description, default, required\)/,
      ],
      ['variables:\n  a: 3\n', /prompt_vars\.yaml:2:6: variables\.a: expected null,object/],
      ['variables:\n  a: { required: yes }\n', /variables\.a\.required: expected boolean/],
      ['templates:\n  - files: x\n', /templates\[0\]: missing required field "variables"/],
      [
        'variables:\n  a: { default: 1, required: true }\n',
        /2:20: variables\.a: a variable with a default cannot be required/,
      ],
      ['variables: {a: {}}\n---\nvariables: {}\n', /expected one YAML document, found several/],
      ['variables:\n  a: {}\n  a: {}\n', /prompt_vars\.yaml:3:3: .*a/],
      ['variables: [a, b\n', /prompt_vars\.yaml:\d+:\d+/],
    ];
    for (const [text, expected] of cases) {
      const file = varsFile(text);
      const error = expectInputError(() => loadPromptVars(file));
      assert.match(error.describe(join(file, '..')), expected, text);
    }
  });
});

describe('the prompts section of preflight.yaml', () => {
  it('resolves vars against the config folder and anchors dialect globs there', () => {
    const dir = tempFiles({
      'ci/preflight.yaml': [
        'prompts:',
        '  vars: ../prompts/prompt_vars.yaml',
        '  dialects:',
        '    - { glob: "prompts/**/*.txt", dialect: fstring }',
        '  max_file_bytes: 65536',
      ].join('\n'),
    });
    const config = loadConfig(join(dir, 'ci/preflight.yaml'));
    assert.equal(config.prompts.vars, join(dir, 'prompts/prompt_vars.yaml'));
    assert.deepEqual(config.prompts.dialects, [
      { glob: 'prompts/**/*.txt', dialect: 'fstring', base: join(dir, 'ci') },
    ]);
    assert.equal(config.prompts.max_file_bytes, 65536);
    assert.deepEqual(loadConfig(join(tempFiles({ 'p.yaml': 'unknown_values: error\n' }), 'p.yaml')).prompts, {
      vars: undefined,
      dialects: [],
      max_file_bytes: undefined,
    });
  });

  it('rejects unknown dialects and fields', () => {
    const bad = join(
      tempFiles({ 'p.yaml': 'prompts:\n  dialects:\n    - { glob: "*.txt", dialect: jinja2 }\n' }),
      'p.yaml',
    );
    assert.match(
      expectInputError(() => loadConfig(bad)).message,
      /expected one of: "jinja", "chat-template"/,
    );
    const typo = join(tempFiles({ 'p.yaml': 'prompts:\n  var: x.yaml\n' }), 'p.yaml');
    assert.match(expectInputError(() => loadConfig(typo)).message, /unknown field "var"/);
  });
});
