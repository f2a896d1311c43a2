import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import Handlebars from 'handlebars';
import { handlebarsVariableUses, scanHandlebars } from '../../../core/prompts/handlebars-scan';
import { parseHandlebarsSubset } from '../../../core/prompts/handlebars-subset-parser';

const CORPUS = join(__dirname, '..', '..', 'fixtures', 'prompts', 'handlebars');

type Node = Record<string, unknown> & { type: string };

/** The AST as the scanner reads it: no text or comment nodes, paths with their start, hashes as pairs. */
function shape(value: unknown): unknown {
  if (value === undefined || value === null) return value;
  const node = value as Node;
  switch (node.type) {
    case 'Program':
      return {
        type: 'Program',
        blockParams: node.blockParams,
        body: (node.body as Node[])
          .filter((child) => !/^(Content|Comment)Statement$/.test(child.type))
          .map(shape),
      };
    case 'MustacheStatement':
    case 'SubExpression':
    case 'BlockStatement':
      return {
        type: node.type,
        path: shape(node.path),
        params: (node.params as Node[]).map(shape),
        hash: ((node.hash as { pairs: Node[] } | undefined)?.pairs ?? []).map((pair) => [
          pair.key,
          shape(pair.value),
        ]),
        program: shape(node.program),
        inverse: shape(node.inverse),
      };
    case 'PathExpression': {
      const { start } = node.loc as { start: { line: number; column: number } };
      const { data, depth, parts, original } = node;
      return { type: node.type, data, depth, parts, original, line: start.line, column: start.column };
    }
    default:
      return { type: node.type, value: node.value };
  }
}

function handlebarsTree(text: string): unknown {
  try {
    return shape(Handlebars.parseWithoutProcessing(text));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

/** The subset parser either declines or builds Handlebars' tree; the uses are the same either way. */
function assertAgrees(text: string): void {
  const subset = parseHandlebarsSubset(text);
  if (subset === undefined) return;
  assert.deepEqual(shape(subset), handlebarsTree(text), text);
  assert.deepEqual(
    handlebarsVariableUses(subset),
    handlebarsVariableUses(Handlebars.parseWithoutProcessing(text)),
  );
}

const id = fc.constantFrom('a', 'user', 'items', 'this', '..', '.', 'if', 'as', 'true', 'x-y', 'k$');
const path = fc
  .tuple(
    fc.constantFrom('', '@', '../', './', 'this.', 'this/'),
    id,
    fc.array(fc.tuple(fc.constantFrom('.', '/'), id), { maxLength: 2 }),
  )
  .map(([prefix, head, rest]) => `${prefix}${head}${rest.map(([sep, part]) => sep + part).join('')}`);
const literal = fc.constantFrom('"s"', "'t'", '"a \\" b"', '1', '-2.5', 'true', 'false', 'null', 'undefined');

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    path,
    literal,
    fc
      .tuple(path, fc.array(tie('expr'), { maxLength: 2 }))
      .map(([head, args]) => `(${[head, ...args].join(' ')})`),
  ),
})).expr;

/** `name params hash`, mostly well formed. */
const call = fc
  .tuple(
    fc.oneof(path, literal),
    fc.array(expression, { maxLength: 3 }),
    fc.array(fc.tuple(fc.constantFrom('k', 'key', 'x'), expression), { maxLength: 2 }),
    fc.constantFrom(' ', '  ', '\n', ''),
  )
  .map(
    ([head, params, hash, space]) =>
      `${[head, ...params, ...hash.map(([key, value]) => `${key}=${value}`)].join(' ')}${space}`,
  );

const template: fc.Arbitrary<string> = fc.letrec<{ body: string }>((tie) => ({
  body: fc
    .array(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(
          'text ',
          '\n',
          '} {',
          '{',
          '}}',
          '{{! note }}',
          '{{!-- {{x}} --}}',
          '{{!--}}',
          '\r\n',
        ),
        fc
          .tuple(fc.constantFrom('{{', '{{~', '{{&', '{{{', '{{ '), call, fc.constantFrom('}}', '~}}', '}}}'))
          .map((parts) => parts.join('')),
        fc
          .tuple(
            fc.constantFrom('#', '^', '~#'),
            fc.constantFrom('if', 'each', 'with', 'unless', 'list', 'items'),
            fc.array(expression, { maxLength: 2 }),
            fc.option(fc.constantFrom('as |x|', 'as |x i|', 'as ||')),
            tie('body'),
            fc.option(
              fc.tuple(
                fc.constantFrom(
                  '{{else}}',
                  '{{^}}',
                  '{{ else ~}}',
                  '{{else if b}}',
                  '{{else each c as |y|}}',
                ),
                tie('body'),
              ),
            ),
            fc.constantFrom('', 'if', 'each'),
          )
          .map(
            ([sigil, helper, params, blockParams, body, otherwise, wrongClose]) =>
              `{{${sigil}${[helper, ...params, ...(blockParams ? [blockParams] : [])].join(' ')}}}${body}${otherwise ? otherwise.join('') : ''}{{/${wrongClose || helper}}}`,
          ),
        fc.constantFrom(
          '{{> partial}}',
          '{{#> layout}}x{{/layout}}',
          '{{*decorator}}',
          '{{{{raw}}}}{{x}}{{{{/raw}}}}',
          '\\{{escaped}}',
          '{{[a b]}}',
          '{{a.[0]}}',
          '{{a/this}}',
          '{{@../a}}',
          '{{else}}',
          '{{/if}}',
          '{{}}',
          '{{x',
          '{{x y=}}',
          '{{x k=1 y}}',
          '{{x as |y|}}',
          '{{a..b}}',
          '{{a./b}}',
          '{{x}}}}',
          'a\u2028b',
        ),
      ),
      { maxLength: 4 },
    )
    .map((parts) => parts.join('')),
})).body;

describe('the Handlebars subset parser', () => {
  it('builds Handlebars’ tree for every corpus template it reads', () => {
    const read: string[] = [];
    for (const name of readdirSync(CORPUS).filter((file) => file.endsWith('.hbs'))) {
      const text = readFileSync(join(CORPUS, name), 'utf8');
      assertAgrees(text);
      if (parseHandlebarsSubset(text)) read.push(name);
    }
    // broken.hbs has a syntax error; summarize.hbs a partial and a `\{{` escape.
    assert.deepEqual(read, ['ticket-reply.hbs']);
  });

  it('builds Handlebars’ tree, or declines, on generated templates', () => {
    fc.assert(fc.property(template, assertAgrees), { numRuns: 4000 });
  });

  it('builds Handlebars’ tree, or declines, on token soup', () => {
    const unit = fc.constantFrom(
      ...'{}#^/&!~ \n.@()=|"\'-1ax\\'.split(''),
      '{{',
      '}}',
      'as |',
      'else',
      'this',
      '..',
      '--',
    );
    fc.assert(fc.property(fc.string({ unit, maxLength: 40 }), assertAgrees), { numRuns: 5000 });
  });

  it('reads blocks, chains, inverse sections, block parameters and subexpressions', () => {
    for (const text of [
      '{{#each items as |item i|}}{{item.name}} {{@index}} {{../title}}{{else}}none{{/each}}',
      '{{#if a}}x{{else if (eq b "c")}}y{{else}}z{{/if}}',
      '{{^items}}empty {{title}}{{/items}}',
      '{{{raw}}} {{&also}} {{! note }} {{!-- {{not}} --}} {{@root.user}}',
      '{{~#with user~}} {{name}} {{/with}}',
    ]) {
      assert.ok(parseHandlebarsSubset(text), text);
      assertAgrees(text);
    }
  });

  it('declines what it does not read, so Handlebars reports the error with its position', () => {
    for (const text of [
      '{{x',
      '{{#if a}}b',
      '{{#each a}}{{/with}}',
      '{{> partial}}',
      '\\{{x}}',
      '{{a/this}}',
    ]) {
      assert.equal(parseHandlebarsSubset(text), undefined, text);
    }
    assert.deepEqual(
      scanHandlebars('{{#each a}}\n{{/with}}').problems.map((p) => [p.line, p.column]),
      [[1, 4]],
    );
  });
});
