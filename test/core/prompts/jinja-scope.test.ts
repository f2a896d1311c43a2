import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanJinja } from '../../../core/prompts/jinja-scan';

/** `name@line:column/fallback`, plus `?` when maybe set, for each use the scan reports. */
function uses(template: string): string[] {
  const scan = scanJinja(template);
  assert.deepEqual(scan.problems, [], template);
  return scan.uses.map(
    (use) =>
      `${use.name}@${use.line}:${use.column}/${use.fallback}${use.maybe ? '?' : ''}${use.tested ? '!' : ''}`,
  );
}

/** Names that resolve to the caller with no default or guard: what an undeclared error is raised for. */
function unfilled(template: string): string[] {
  return scanJinja(template)
    .uses.filter((use) => use.fallback === 'none' && !use.maybe)
    .map((use) => use.name);
}

describe('Jinja scoping (reference table, section 1)', () => {
  it('set binds from that point on', () => {
    assert.deepEqual(uses('{% set foo = 42 %}{{ bar + foo }}'), ['bar@1:22/none']);
    assert.deepEqual(unfilled('{% set x %}{{ inner }}{% endset %}{{ x }}'), ['inner']);
  });

  it('a read before the set reads the caller, and says where the set is', () => {
    const [use] = scanJinja('{{ foo }}\n{% set foo = 1 %}').uses;
    assert.deepEqual(use?.assigned, { line: 2, column: 8, why: 'later' });
  });

  it('for binds its targets and loop only in the body, not in else, not after', () => {
    assert.deepEqual(unfilled('{% for k, v in pairs %}{{ k }}{{ v }}{{ loop.index0 }}{% endfor %}'), [
      'pairs',
    ]);
    assert.deepEqual(unfilled('{% for m in msgs %}{% else %}{{ m }}{{ loop }}{% endfor %}'), [
      'msgs',
      'm',
      'loop',
    ]);
    assert.deepEqual(unfilled('{{ loop }}'), ['loop']);
  });

  it('a for filter sees the target', () => {
    assert.deepEqual(unfilled('{% for m in msgs if m.role != "system" %}{{ m }}{% endfor %}'), ['msgs']);
  });

  it('a set inside a loop does not outlive it; namespace attributes do', () => {
    const [, found] = scanJinja('{% for m in msgs %}{% set found = true %}{% endfor %}{{ found }}').uses;
    assert.equal(found?.assigned?.why, 'inner-scope');
    assert.equal(found?.assigned?.scope, 'for');
    assert.deepEqual(
      unfilled(
        '{% set ns = namespace(found=false) %}{% for m in msgs %}{% set ns.found = true %}{% endfor %}{{ ns.found }}',
      ),
      ['namespace', 'msgs'],
    );
  });

  it('macro parameters, varargs, kwargs and caller are bound in the body; the macro name after it', () => {
    assert.deepEqual(
      unfilled(
        "{% macro greet(who, greeting='hi') %}{{ greeting }} {{ who }}{{ varargs }}{{ kwargs }}{{ caller() }}{{ outer }}{% endmacro %}{{ greet('a') }}",
      ),
      ['outer'],
    );
    assert.deepEqual(unfilled('{{ caller }}{{ varargs }}'), ['caller', 'varargs']);
  });

  it('a macro body sees top-level sets made after it (it runs when called)', () => {
    assert.deepEqual(unfilled('{% macro m() %}{{ later }}{% endmacro %}{% set later = 1 %}{{ m() }}'), []);
  });

  it('call blocks bind their parameters; names inside are the caller site’s', () => {
    assert.deepEqual(
      unfilled(
        '{% macro m() %}{{ caller(1) }}{% endmacro %}{% call(x) m() %}{{ x }}{{ inner }}{% endcall %}',
      ),
      ['inner'],
    );
  });

  it('with opens a scope; its values are read outside it', () => {
    assert.deepEqual(unfilled('{% with a = x, b = a %}{{ a }}{{ b }}{% endwith %}{{ a }}'), ['x', 'a', 'a']);
    assert.deepEqual(unfilled('{% with %}{% set y = 1 %}{{ y }}{% endwith %}{{ y }}'), ['y']);
  });

  it('import and from-import bind names; include reads only its template name', () => {
    assert.deepEqual(
      unfilled(
        "{% import 'm.j2' as mm %}{% from 'f.j2' import f as g, h %}{{ mm.x() }}{{ g() }}{{ h() }}{% include tpl %}",
      ),
      ['tpl'],
    );
  });

  it('raw blocks and comments read nothing', () => {
    assert.deepEqual(uses('{% raw %}{{ a }}{% set b = 1 %}{% endraw %}{# {{ c }} #}'), []);
  });

  it('default and d give a default; is defined / undefined / none guard', () => {
    assert.deepEqual(uses("{{ a | default('x') }}{{ b | d('y') }}"), ['a@1:4/default', 'b@1:26/default']);
    assert.deepEqual(
      unfilled('{% if u is defined %}{{ u.name }}{% endif %}{% if v is not none %}{{ v }}{% endif %}'),
      [],
    );
    assert.deepEqual(unfilled('{% if w is undefined %}{{ w }}{% else %}{{ w }}{% endif %}'), ['w']);
    assert.deepEqual(
      unfilled('{{ x if x is defined else "-" }}{{ y is defined and y.z }}{{ n or "friend" }}'),
      [],
    );
  });

  it('a default on an attribute still needs its root', () => {
    assert.deepEqual(unfilled("{{ user.name | default('x') }}"), ['user']);
  });

  it('only the root of attribute and item access is a read; an index expression is one too', () => {
    assert.deepEqual(unfilled("{{ user.name }}{{ user['email'] }}{{ d[key] }}{{ m.content.0.type }}"), [
      'user',
      'user',
      'd',
      'key',
      'm',
    ]);
  });

  it('if does not scope: set on every path is set, on some paths is maybe', () => {
    assert.deepEqual(uses('{% if a %}{% set v = 1 %}{% else %}{% set v = 2 %}{% endif %}{{ v }}'), [
      'a@1:7/none!',
    ]);
    assert.deepEqual(uses('{% if a %}{% set w = 1 %}{% elif b %}{% set w = 2 %}{% endif %}{{ w }}'), [
      'a@1:7/none!',
      'b@1:34/none!',
      'w@1:67/none?',
    ]);
  });

  it('"if not defined, then set" leaves the name defined on every path', () => {
    assert.deepEqual(
      unfilled(
        '{% if not date_string is defined %}{% set date_string = "today" %}{% endif %}{{ date_string }}',
      ),
      [],
    );
  });

  it('a truthiness test guards the branch, and is itself a (tested) read', () => {
    assert.deepEqual(uses('{% if x %}{{ x }}{% endif %}'), ['x@1:7/none!', 'x@1:14/guard']);
  });

  it('whitespace control and + markers are accepted', () => {
    assert.deepEqual(unfilled('{%- if a -%}{{- b -}}{%+ if c +%}{% endif %}{%- endif %}{#- d -#}'), [
      'a',
      'b',
      'c',
    ]);
  });

  it('Jinja and Hugging Face tags nunjucks lacks parse: break, continue, generation, recursive, slices, chained if', () => {
    assert.deepEqual(
      unfilled(
        '{% for x in xs recursive %}{% if x.skip %}{% continue %}{% endif %}{{ loop(x.children) }}{% break %}{% endfor %}' +
          '{% generation %}{{ reply }}{% endgeneration %}{{ msgs[1:] }}{{ msgs[::-1] }}{{ 1 if a else 2 if b else 3 }}',
      ),
      ['xs', 'reply', 'msgs', 'msgs', 'a', 'b'],
    );
  });

  it('Python constants, globals and numbers are not variables here (the rule drops dialect globals)', () => {
    assert.deepEqual(unfilled('{{ 1e3 }}{{ -1 }}'), []);
    assert.deepEqual(unfilled('{{ True }}{{ range(2) }}'), ['True', 'range']);
  });

  it('positions are 1-based and count UTF-16 code units', () => {
    assert.deepEqual(uses('😀 {{ a }}\n  {{ b }}'), ['a@1:7/none', 'b@2:6/none']);
  });

  it('a syntax error nunjucks and @huggingface/jinja agree on is an error at its position', () => {
    const scan = scanJinja('line one\n{{ x ');
    assert.equal(scan.complete, false);
    assert.deepEqual(
      scan.problems.map((problem) => [problem.severity, problem.line, problem.column]),
      [['error', 2, 6]],
    );
  });

  it('a construct only @huggingface/jinja reads is a warning, not a silent pass', () => {
    const scan = scanJinja('{% set a, b = 1, 2 %}{{ a }}');
    assert.deepEqual(
      scan.problems.map((problem) => problem.severity),
      ['warning'],
    );
    assert.match(scan.problems[0]!.message, /variables in this template are not checked/);
  });
});
