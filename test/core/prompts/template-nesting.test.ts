import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noPromptVars } from '../../../core/loaders/prompt-vars';
import type { Dialect } from '../../../core/model/prompt';
import { lintPromptFiles } from '../../../core/prompts/lint-prompt-files';
import { scanTemplate } from '../../../core/prompts/scan-template';
import { MAX_TEMPLATE_NESTING, templateNesting } from '../../../core/prompts/template-nesting';
import { tempFiles } from '../../harness/temp-files';

const TOO_DEEP = new RegExp(`nested more than ${MAX_TEMPLATE_NESTING} levels deep`);
const n = 5000;

/** Each overflowed a parser or a walk over what it built (Maximum call stack size exceeded). */
const PATHOLOGICAL: [string, Dialect, string][] = [
  ['800 nested parentheses', 'jinja', `{{ ${'('.repeat(800)}a${')'.repeat(800)} }}`],
  ['2,000 nested {% if %}', 'jinja', `${'{% if a %}'.repeat(2000)}x${'{% endif %}'.repeat(2000)}`],
  ['an {% elif %} chain of 5,000', 'jinja', `{% if a %}${'{% elif a %}x'.repeat(n)}{% endif %}`],
  ['300 nested {% set %} blocks', 'jinja', `${'{% set x %}'.repeat(300)}y${'{% endset %}'.repeat(300)}`],
  [
    'an or chain of 5,000 alternatives',
    'jinja',
    `{% if ${Array(n).fill("role == 'r'").join(' or ')} %}x{% endif %}`,
  ],
  ['5,000 chained +', 'jinja', `{{ ${Array(n).fill('a').join(' + ')} }}`],
  ['5,000 chained ~', 'chat-template', `{{ ${Array(n).fill('a').join(' ~ ')} }}`],
  ['5,000 chained and', 'jinja', `{{ ${Array(n).fill('a').join(' and ')} }}`],
  ['5,000 filters', 'jinja', `{{ a${'|upper'.repeat(n)} }}`],
  ['5,000 not', 'jinja', `{{ ${'not '.repeat(n)}a }}`],
  ['5,000 unary minus', 'jinja', `{{ ${'-'.repeat(n)}a }}`],
  ['5,000 attribute lookups', 'jinja', `{{ a${'.b'.repeat(n)} }}`],
  ['5,000 calls', 'jinja', `{{ a${'()'.repeat(n)} }}`],
  ['2,000 nested {{#if}}', 'handlebars', `${'{{#if a}}'.repeat(2000)}x${'{{/if}}'.repeat(2000)}`],
  [
    '2,000 nested {{#each}}',
    'handlebars',
    `${'{{#each a}}'.repeat(2000)}{{this}}${'{{/each}}'.repeat(2000)}`,
  ],
  ['an {{else if}} chain of 5,000', 'handlebars', `{{#if a}}${'{{else if b}}x'.repeat(n)}{{/if}}`],
  ['2,000 nested subexpressions', 'handlebars', `{{a ${'(b '.repeat(2000)}c${')'.repeat(2000)}}}`],
  ['5,000 nested ${A:-…}', 'shell', `${'${a:-'.repeat(n)}x${'}'.repeat(n)}`],
];

describe('prompt templates nested too deep for the parsers: refused with a position before any parser sees them', () => {
  for (const [what, dialect, text] of PATHOLOGICAL) {
    it(`${dialect}: ${what}`, () => {
      const problem = templateNesting(text, dialect);
      assert.ok(problem, 'refused');
      assert.match(problem.message, TOO_DEEP);
      assert.equal(problem.line, 1);
      assert.ok(problem.column > 1 && problem.column <= text.length, `column ${problem.column}`);
      // The scanners refuse it themselves too (the policy pack and the CDK plugin call them directly).
      const scan = scanTemplate(text, dialect);
      assert.equal(scan.complete, false);
      assert.match(scan.problems[0]!.message, TOO_DEEP);
    });
  }

  it('130,000 `{{ a }}` are not nesting: every use is read', () => {
    const text = '{{ a }}\n'.repeat(130_000);
    for (const dialect of ['jinja', 'handlebars', 'mustache'] as const) {
      assert.equal(templateNesting(text, dialect), undefined);
      assert.equal(scanTemplate(text, dialect).uses.length, 130_000, dialect);
    }
  });

  it('what real templates do stays under the limit: long literals, 20 nested blocks, strings with brackets', () => {
    const tools = `{% set tools = [${Array(500).fill('{"name": x.y, "args": [a, b]}').join(', ')}] %}`;
    const nested = `${'{% for m in messages %}{% if m.role == "user" %}'.repeat(10)}{{ m.content | trim }}${'{% endif %}{% endfor %}'.repeat(10)}`;
    const strings = `{{ "${'('.repeat(500)}" ~ '${'{{'.repeat(300)}' }}`;
    const raw = `{% raw %}${'{% if a %}'.repeat(500)}{% endraw %}`;
    const comment = `{# ${'{% if %}'.repeat(500)} #}`;
    for (const text of [tools, nested, strings, raw, comment]) {
      assert.equal(templateNesting(text, 'jinja'), undefined, text.slice(0, 60));
    }
    // A role check with 52 alternatives: 103 operators in one chain, which nunjucks and @huggingface/jinja render fine.
    const roles = `{% if ${Array.from({ length: 52 }, (_, i) => `role == 'r${i}'`).join(' or ')} %}x{% endif %}`;
    assert.equal(templateNesting(roles, 'jinja'), undefined);
    assert.equal(
      templateNesting(`${'{% if a %}'.repeat(20)}${roles}${'{% endif %}'.repeat(20)}`, 'jinja'),
      undefined,
    );
    assert.equal(scanTemplate(roles, 'jinja').complete, true);
    const hbs = `${'{{#each items as |item|}}{{#if item.ok}}'.repeat(10)}{{item.name}}${'{{/if}}{{/each}}'.repeat(10)}{{!-- ${'{{#if a}}'.repeat(500)} --}}`;
    assert.equal(templateNesting(hbs, 'handlebars'), undefined);
  });

  it('lint-prompts skips such a file with its line and column, and lints the others', () => {
    const dir = tempFiles({
      'deep.j2': `Hello\n  ${'{% if a %}'.repeat(2000)}x${'{% endif %}'.repeat(2000)}\n`,
      'deep.hbs': `${'{{#if a}}'.repeat(2000)}x${'{{/if}}'.repeat(2000)}`,
      'fine.j2': 'Hello {{ name }}\n',
    });
    const inputs = ['deep.j2', 'deep.hbs', 'fine.j2'].map((name) => ({
      file: `${dir}/${name}`,
      dialect: (name.endsWith('.hbs') ? 'handlebars' : 'jinja') as Dialect,
    }));
    const run = lintPromptFiles(inputs, noPromptVars(dir), { cwd: dir });
    assert.deepEqual(
      run.skipped.map((skip) => [
        skip.file.slice(dir.length + 1),
        skip.location?.line,
        skip.location?.column,
        TOO_DEEP.test(skip.reason),
      ]),
      [
        ['deep.j2', 2, 3 + 10 * MAX_TEMPLATE_NESTING, true],
        ['deep.hbs', 1, 1 + 9 * MAX_TEMPLATE_NESTING, true],
      ],
    );
    assert.equal(run.files, 1);
    assert.deepEqual(
      run.findings.map((finding) => finding.location?.file.slice(dir.length + 1)),
      ['fine.j2'],
    );
  });
});
