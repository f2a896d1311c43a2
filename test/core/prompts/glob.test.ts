import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_DIALECTS, dialectForFile } from '../../../core/prompts/dialect-for-file';
import { builtinGlobMatcher, globRoot, matchesGlob } from '../../../core/prompts/glob';

describe('globs', () => {
  const cases: [string, string, boolean][] = [
    ['prompts/**/*.j2', 'prompts/a.j2', true],
    ['prompts/**/*.j2', 'prompts/x/y/a.j2', true],
    ['prompts/**/*.j2', 'other/a.j2', false],
    ['prompts/*.j2', 'prompts/x/a.j2', false],
    ['*.j2', 'deep/x/a.j2', true],
    ['*.{hbs,handlebars}', 'a/b.handlebars', true],
    ['{a,b/{c,d}}/*.txt', 'b/d/x.txt', true],
    ['{a,b/{c,d}}/*.txt', 'b/e/x.txt', false],
    ['prompts/**', 'prompts', true],
    ['prompts/**', 'prompts/a/b', true],
    ['a?c.txt', 'abc.txt', true],
    ['a?c.txt', 'a/c.txt', false],
    ['[!x]*.md', 'y.md', true],
    ['[!x]*.md', 'x.md', false],
    ['[ab].md', 'b.md', true],
    ['a.b+c(d)$.txt', 'a.b+c(d)$.txt', true],
    ['a.b', 'axb', false],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(matchesGlob(path, glob), expected);
    });
  }

  it('matches on V8 exactly as on RE2, for every glob of the table and the built-in dialects', () => {
    const paths = [...new Set(cases.map(([, path]) => path))].concat([
      'tokenizer_config.json',
      'models/x/tokenizer_config.json',
      'models/x/chat_template.jinja',
      'models/x/additional_chat_templates/tool_use.jinja',
      'additional_chat_templates/rag.jinja',
      'models/additional_chat_templates/deep/rag.jinja',
      'prompts/a.jinja2',
      'prompts/a.jinja2.bak',
      'prompts/.j2',
      'prompts/a.hbs',
      'prompts/a.mustache',
      'prompts/amustache',
    ]);
    const globs = [...cases.map(([glob]) => glob), ...DEFAULT_DIALECTS.map((rule) => rule.glob)];
    for (const glob of globs) {
      const matches = builtinGlobMatcher(glob);
      for (const path of paths) assert.equal(matches(path), matchesGlob(path, glob), `${glob} on ${path}`);
    }
  });

  it('walks from the fixed folder before the first wildcard', () => {
    assert.equal(globRoot('prompts/**/*.j2'), 'prompts');
    assert.equal(globRoot('*.j2'), '');
    assert.equal(globRoot('a/b/c.txt'), 'a/b');
    assert.equal(globRoot('a/{b,c}/d'), 'a');
  });
});

describe('dialect by file', () => {
  it('knows the extensions that name their dialect, and Hugging Face file names', () => {
    const cases: [string, string | undefined][] = [
      ['/r/prompts/a.j2', 'jinja'],
      ['/r/prompts/a.jinja2', 'jinja'],
      ['/r/m/chat_template.jinja', 'chat-template'],
      ['/r/m/additional_chat_templates/rag.jinja', 'chat-template'],
      ['/r/m/tokenizer_config.json', 'chat-template'],
      ['/r/a.hbs', 'handlebars'],
      ['/r/a.mustache', 'mustache'],
      ['/r/a.txt', undefined],
      ['/r/a.env', undefined],
      ['/r/config.json', undefined],
    ];
    for (const [file, dialect] of cases) assert.equal(dialectForFile(file, []), dialect, file);
  });

  it('lets config rules, relative to the config folder, go first', () => {
    const rules = [
      { glob: 'prompts/**/*.txt', dialect: 'fstring' as const, base: '/r' },
      { glob: '*.j2', dialect: 'shell' as const, base: '/r/odd' },
    ];
    assert.equal(dialectForFile('/r/prompts/x/a.txt', rules), 'fstring');
    assert.equal(dialectForFile('/r/other/a.txt', rules), undefined);
    assert.equal(dialectForFile('/r/odd/a.j2', rules), 'shell');
    assert.equal(dialectForFile('/r/a.j2', rules), 'jinja');
  });
});
