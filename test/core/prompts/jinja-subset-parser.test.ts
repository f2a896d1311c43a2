import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseJinja } from '../../../core/prompts/jinja-parser';
import { scanJinja } from '../../../core/prompts/jinja-scan';
import { jinjaVariableUses } from '../../../core/prompts/jinja-scope-walker';
import { parseJinjaSubset } from '../../../core/prompts/jinja-subset-parser';
import type { JinjaNode } from '../../../core/prompts/nunjucks-internals';
import { failedScan, type TemplateScan } from '../../../core/prompts/template-scan';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'prompts');
const DROPPED = Symbol('text');

/**
 * A node tree as the scope walker sees it: types, fields and values, positions on `Symbol` nodes (the
 * only ones it reads), and no nodes for text (it reads none).
 */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape).filter((item) => item !== DROPPED);
  const node = value as JinjaNode | null;
  if (typeof node?.typename !== 'string') return value;
  const children = node.children as JinjaNode[] | undefined;
  if (node.typename === 'Output' && children?.every((child) => child.typename === 'TemplateData')) {
    return DROPPED;
  }
  const out: Record<string, unknown> = { typename: node.typename };
  if (node.typename === 'Symbol') Object.assign(out, { lineno: node.lineno, colno: node.colno });
  for (const field of node.fields) out[field] = shape(node[field]);
  if (node.typename === 'Set' && node.body) out.body = shape(node.body);
  return out;
}

/** nunjucks' tree, or its error. */
function nunjucksTree(text: string): unknown {
  try {
    return shape(parseJinja(text));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** The scan as it was before the subset parser: nunjucks for every template (the oracle). */
function nunjucksScan(text: string): TemplateScan {
  try {
    return { uses: jinjaVariableUses(parseJinja(text)), problems: [], complete: true };
  } catch {
    return failedScan({ severity: 'error', line: 0, column: 0, message: 'nunjucks failed' });
  }
}

/** The subset parser either declines or builds nunjucks' tree; the scan is the same either way. */
function assertAgrees(text: string): void {
  const subset = parseJinjaSubset(text);
  if (subset === undefined) return;
  assert.deepEqual(shape(subset), nunjucksTree(text), text);
  assert.deepEqual(jinjaVariableUses(subset), nunjucksScan(text).uses, text);
}

function templatesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return templatesIn(path);
    return /\.(j2|jinja)$/.test(name) ? [path] : [];
  });
}

const name = fc.constantFrom('x', 'user', 'items', 'loop', 'ns', 'caller', 'i', 'True', 'none', 'true');
const literal = fc.constantFrom('"a"', "'b'", '"}}"', '"%}"', '"\\n\\"q"', '1', '2.5', '0', 'null');

const operator = fc.constantFrom(
  ...['+', '-', '*', '/', '//', '%', '**', '~', '==', '!=', '<', '>=', 'and', 'or', 'in', 'not in', 'is'],
  ...['is not', '|', 'if', 'else', 'not'],
);

/** `a + b // c is d ...`: flat chains of operators, where precedence decides the tree. */
const chain = fc
  .tuple(name, fc.array(fc.tuple(operator, fc.oneof(name, literal)), { minLength: 1, maxLength: 6 }))
  .map(([first, rest]) => `${first} ${rest.map(([infix, operand]) => `${infix} ${operand}`).join(' ')}`);

/** Expressions of every precedence level, well formed most of the time. */
const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    name,
    literal,
    fc.tuple(tie('expr'), name).map(([target, attribute]) => `${target}.${attribute}`),
    fc.tuple(tie('expr'), tie('expr')).map(([target, key]) => `${target}[${key}]`),
    fc
      .tuple(tie('expr'), fc.constantFrom('[1:]', '[:2]', '[::-1]', '[a:b:c]', '[1:2:3:4]', '[1,:]'))
      .map(([target, slice]) => `${target}${slice}`),
    fc.tuple(tie('expr'), operator, tie('expr')).map(([left, infix, right]) => `${left} ${infix} ${right}`),
    fc
      .tuple(fc.constantFrom('not ', '-', '+', '('), tie('expr'))
      .map(([prefix, operand]) => (prefix === '(' ? `(${operand})` : `${prefix}${operand}`)),
    fc
      .tuple(tie('expr'), fc.constantFrom('default', 'd', 'trim', 'tojson', 'join'), fc.option(tie('expr')))
      .map(
        ([operand, filter, argument]) => `${operand} | ${filter}${argument === null ? '' : `(${argument})`}`,
      ),
    fc
      .tuple(tie('expr'), fc.array(tie('expr'), { maxLength: 2 }), fc.option(tie('expr')))
      .map(
        ([callee, args, keyword]) =>
          `${callee}(${[...args, ...(keyword === null ? [] : [`k=${keyword}`])].join(', ')})`,
      ),
    fc.array(tie('expr'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(fc.tuple(literal, tie('expr')), { maxLength: 2 })
      .map((pairs) => `{${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')}}`),
    fc
      .tuple(tie('expr'), tie('expr'), fc.option(tie('expr')), fc.option(tie('expr')))
      .map(
        ([body, cond, otherwise, chained]) =>
          `${body} if ${cond}${otherwise === null ? '' : ` else ${otherwise}`}${chained === null ? '' : ` if ${chained} else x`}`,
      ),
  ),
})).expr;

const open = fc.constantFrom('{%', '{%-', '{% ');
const close = fc.constantFrom('%}', '-%}', ' %}');

/** Templates of statements, text and comments, nested a few levels: mostly valid, sometimes not. */
const template: fc.Arbitrary<string> = fc.letrec<{ body: string }>((tie) => ({
  body: fc
    .array(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('text ', '\n', 'a { b } #', '{# note {{ x }} #}', '{#- c -#}', '#}', '{'),
        fc
          .tuple(fc.constantFrom('{{', '{{-', '{{ '), expression, fc.constantFrom('}}', '-}}', ' }}'))
          .map((parts) => parts.join(' ')),
        fc
          .tuple(open, name, fc.option(fc.tuple(name, fc.constantFrom(',', ''))), expression, close)
          .map(([o, target, more, value, c]) =>
            more
              ? `${o} set ${target}${more[1]} ${more[0]} = ${value} ${c}`
              : `${o} set ${target} = ${value} ${c}`,
          ),
        fc
          .tuple(open, name, tie('body'), close)
          .map(([o, target, body, c]) => `${o} set ${target} ${c}${body}{% endset %}`),
        fc
          .tuple(
            open,
            expression,
            tie('body'),
            fc.option(fc.tuple(expression, tie('body'))),
            fc.option(tie('body')),
            close,
          )
          .map(
            ([o, cond, body, elif, otherwise, c]) =>
              `${o} if ${cond} ${c}${body}${elif ? `{% elif ${elif[0]} %}${elif[1]}` : ''}${otherwise === null ? '' : `{% else %}${otherwise}`}{% endif %}`,
          ),
        fc
          .tuple(open, name, fc.option(name), expression, tie('body'), fc.option(tie('body')), close)
          .map(
            ([o, target, second, iterable, body, otherwise, c]) =>
              `${o} for ${target}${second ? `, ${second}` : ''} in ${iterable} ${c}${body}${otherwise === null ? '' : `{% else %}${otherwise}`}{% endfor %}`,
          ),
        fc
          .tuple(name, fc.array(name, { maxLength: 2 }), tie('body'))
          .map(([macro, params, body]) => `{% macro ${macro}(${params.join(', ')}) %}${body}{% endmacro %}`),
        fc
          .tuple(fc.option(name), name, tie('body'))
          .map(
            ([param, macro, body]) =>
              `{% call${param ? `(${param})` : ''} ${macro}(x) %}${body}{% endcall %}`,
          ),
        fc
          .tuple(name, expression, tie('body'))
          .map(([target, value, body]) => `{% with ${target} = ${value} %}${body}{% endwith %}`),
        fc.constantFrom(
          '{% include "a.j2" %}',
          '{% include x ignore missing %}',
          '{% import "m.j2" as m %}',
          '{% from "m.j2" import a, b as c with context %}',
          '{% from "m.j2" import _a %}',
          '{% extends "base.j2" %}',
          '{% block b %}{{ x }}{% endblock b %}',
          '{% filter upper %}{{ x }}{% endfilter %}',
          '{% break %}',
          '{% generation %}{{ x }}{% endgeneration %}',
          '{% raw %}{{ x }}{% endraw %}',
          '{% for x in y recursive %}{{ loop(x) }}{% endfor %}',
          '{%+ if x +%}y{% endif %}',
          '{% endif %}',
          '{% if %}',
          '{{ }}',
          '{{ x',
          '{{ m.content.0.type }}',
          '{{ r/a/ }}',
          '{{ x not y }}',
          '{{ "a" "==" b }}',
        ),
      ),
      { maxLength: 4 },
    )
    .map((parts) => parts.join('')),
})).body;

describe('the Jinja subset parser', () => {
  it('builds nunjucks’ tree for every corpus template it reads, and reads most of them', () => {
    const files = templatesIn(CORPUS);
    let read = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      assertAgrees(text);
      if (parseJinjaSubset(text)) read++;
    }
    assert.ok(read >= files.length - 4, `${read} of ${files.length}`);
  });

  it('builds nunjucks’ tree, or declines, on generated expressions', () => {
    fc.assert(
      fc.property(fc.oneof(expression, chain), (expr) => {
        assertAgrees(`{{ ${expr} }}`);
        assertAgrees(`{% if ${expr} %}{{ y }}{% endif %}`);
      }),
      { numRuns: 3000 },
    );
  });

  it('builds nunjucks’ tree, or declines, on generated templates', () => {
    fc.assert(fc.property(template, assertAgrees), { numRuns: 3000 });
  });

  it('builds nunjucks’ tree, or declines, on token soup', () => {
    const unit = fc.constantFrom(
      ...'{}%#-+ \n\tab.()"\'|=~:,[]!<>*/0'.split(''),
      '{{',
      '}}',
      '{%',
      '%}',
      '{#',
      '#}',
      ' if ',
      ' else ',
      ' not ',
      ' in ',
      ' is ',
      'set ',
      'for ',
      'endfor',
      'endif',
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), assertAgrees), { numRuns: 5000 });
  });

  it('declines what it does not read, so nunjucks reports the error with its position', () => {
    for (const text of ['{{ x', '{% if x %}', '{{ a b }}', '{% unknown %}', '{% raw %}{{ x }}{% endraw %}']) {
      assert.equal(parseJinjaSubset(text), undefined, text);
    }
    const scan = scanJinja('line one\n{{ user.name }\n');
    assert.equal(scan.complete, false);
    assert.deepEqual(
      scan.problems.map((problem) => `${problem.line}:${problem.column} ${problem.severity}`),
      [`${nunjucksError('line one\n{{ user.name }\n')} error`],
    );
  });

  it('reads slices, chained inline ifs, call blocks and with blocks', () => {
    for (const text of [
      '{% for m in messages[1:] %}{{ m.content[:n] }}{% endfor %}',
      '{{ a if b else c if d else e }}',
      '{% call(row) table(rows) %}{{ row }}{% endcall %}',
      '{% with greeting = "hi" %}{{ greeting }}{% endwith %}',
    ]) {
      assert.ok(parseJinjaSubset(text), text);
      assertAgrees(text);
    }
  });
});

function nunjucksError(text: string): string {
  try {
    parseJinja(text);
    return 'parsed';
  } catch (error) {
    const { line, column } = (error as { position: { line: number; column: number } }).position;
    return `${line}:${column}`;
  }
}
