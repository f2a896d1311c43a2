import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import Mustache from 'mustache';
import { scanFstring } from '../../../core/prompts/fstring-scan';
import { scanHandlebars } from '../../../core/prompts/handlebars-scan';
import { scanMustache } from '../../../core/prompts/mustache-scan';
import { scanShell } from '../../../core/prompts/shell-scan';
import type { TemplateScan } from '../../../core/prompts/template-scan';

/** `line:column` of the `nth` occurrence of `needle` in `text`, found by search: the oracle for positions. */
function at(text: string, needle: string, nth = 0): string {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  assert.notEqual(offset, -1, needle);
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

function uses(scan: TemplateScan): string[] {
  assert.deepEqual(scan.problems, []);
  return scan.uses.map(
    (use) =>
      `${use.name}@${use.line}:${use.column}/${use.fallback}${use.insisted ? '!?' : ''}${use.tested ? '!' : ''}`,
  );
}

function problems(scan: TemplateScan): string[] {
  return scan.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
}

describe('Handlebars', () => {
  it('reads root names; helpers are not variables, their arguments are', () => {
    const t = '{{a.b}} {{{c}}} {{lookup map key}} {{log "x" level=lvl}} {{t (fmt d)}}';
    assert.deepEqual(uses(scanHandlebars(t)), [
      `a@${at(t, 'a.b')}/none`,
      `c@${at(t, 'c}')}/none`,
      `map@${at(t, 'map')}/none`,
      `key@${at(t, 'key')}/none`,
      `lvl@${at(t, 'lvl')}/none`,
      `d@${at(t, 'd)')}/none`,
    ]);
  });

  it('each and with change the context; ../ and @root climb back; block params bind', () => {
    const t =
      '{{#each items as |item i|}}{{item.x}}{{i}}{{title}}{{../q}}{{@root.r}}{{@index}}{{this.y}}{{/each}}{{#with who}}{{name}}{{/with}}';
    assert.deepEqual(uses(scanHandlebars(t)), [
      `items@${at(t, 'items')}/none!`,
      `title@${at(t, 'title')}/context`,
      `q@${at(t, '../q')}/none`,
      `r@${at(t, '@root.r')}/none`,
      `y@${at(t, 'this.y')}/context`,
      `who@${at(t, 'who')}/none!`,
      `name@${at(t, 'name')}/context`,
    ]);
  });

  it('#if guards its name inside, #unless in its else; the test itself is a tested read', () => {
    const t = '{{#if a}}{{a}}{{else}}{{a}}{{/if}}{{#unless b}}{{b}}{{else}}{{b}}{{/unless}}';
    assert.deepEqual(uses(scanHandlebars(t)), [
      `a@${at(t, 'a}')}/none!`,
      `a@${at(t, 'a}', 1)}/guard`,
      `a@${at(t, 'a}', 2)}/none`,
      `b@${at(t, 'b}')}/none!`,
      `b@${at(t, 'b}', 1)}/none`,
      `b@${at(t, 'b}', 2)}/guard`,
    ]);
  });

  it('sections, partials, comments and escapes', () => {
    const t = '{{#items}}{{label}}{{/items}}{{> card title=t}}{{!-- {{gone}} --}}\\{{literal}}';
    assert.deepEqual(uses(scanHandlebars(t)), [
      `items@${at(t, 'items')}/none!`,
      `label@${at(t, 'label')}/context`,
      `t@${at(t, '=t')}/none`.replace(/:(\d+)\//, (_, column) => `:${Number(column) + 1}/`),
    ]);
  });

  it('reports syntax errors at their position', () => {
    assert.deepEqual(problems(scanHandlebars('ok\n  {{body} more }}\n')), [
      '2:9 template syntax error: unexpected "}"',
    ]);
    assert.deepEqual(problems(scanHandlebars('{{#each a}}{{/with}}')), [
      "1:4 template syntax error: each doesn't match with",
    ]);
    assert.deepEqual(problems(scanHandlebars('{{#if a}}b')), [
      '1:11 template syntax error: unexpected end of template (a block is not closed)',
    ]);
    assert.deepEqual(problems(scanHandlebars('a {{x')), [
      '1:5 template syntax error: a tag is not closed with }}',
    ]);
  });
});

describe('Mustache', () => {
  it('checks names outside sections; inside, they resolve through the section first', () => {
    const t = '{{ a.b }} {{#s}}{{x}}{{/s}}{{^s}}{{y}}{{/s}} {{{t}}} {{&u}} {{! c }} {{> p}} {{.}}';
    assert.deepEqual(uses(scanMustache(t)), [
      `a@${at(t, 'a.b')}/none`,
      `s@${at(t, 's}')}/none!`,
      `x@${at(t, 'x')}/context`,
      `s@${at(t, 's}', 2)}/guard!`,
      `y@${at(t, 'y')}/context`,
      `t@${at(t, 't}')}/none`,
      `u@${at(t, 'u}')}/none`,
    ]);
  });

  it('follows delimiter changes', () => {
    const t = '{{=<% %>=}}<% a %>{{b}}<%={{ }}=%>{{c}}';
    assert.deepEqual(uses(scanMustache(t)), [`a@${at(t, 'a')}/none`, `c@${at(t, 'c')}/none`]);
  });

  it('reports unclosed tags and sections, and mismatched closes', () => {
    assert.deepEqual(problems(scanMustache('x {{y')), ['1:3 template syntax error: tag is not closed']);
    assert.deepEqual(problems(scanMustache('{{#a}}\nx')), [
      '1:1 template syntax error: section "a" is never closed',
    ]);
    assert.deepEqual(problems(scanMustache('{{/a}}')), [
      '1:1 template syntax error: section "a" is closed but was never opened',
    ]);
    assert.deepEqual(problems(scanMustache('{{#a}}{{/b}}')), [
      '1:7 template syntax error: {{/b}} closes section "a" (opened at line 1)',
    ]);
  });

  it('reads the same tags as mustache.js, and fails where it fails', () => {
    const piece = fc.constantFrom(
      '{{a}}',
      '{{ b.c }}',
      '{{#a}}',
      '{{/a}}',
      '{{^b}}',
      '{{/b}}',
      '{{! note }}',
      '{{{c}}}',
      '{{&d}}',
      '{{> part}}',
      '{{.}}',
      'text ',
      '\n',
      '{{',
      '}}',
      '{{ #b}}',
      '{{ / b }}',
      '{{ {e} }}',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        let expected: string[] | 'error';
        try {
          expected = rootNames(Mustache.parse(text) as unknown[]);
        } catch {
          expected = 'error';
        }
        const scan = scanMustache(text);
        const actual = scan.problems.length > 0 ? 'error' : scan.uses.map((use) => use.name);
        assert.deepEqual(actual, expected, JSON.stringify(text));
      }),
      { numRuns: 2000 },
    );
  });
});

/** The root names mustache.js reads, in order, sections included and their contents flattened. */
function rootNames(tokens: unknown[]): string[] {
  return tokens.flatMap((token) => {
    const [type, value, , , children] = token as [string, string, number, number, unknown];
    // Our scanner passes over `{{.}}` (the current item) and an empty `{{}}`: neither names a variable.
    const own =
      ['name', '&', '#', '^'].includes(type) && value !== '.' && value !== '' ? [value.split('.')[0]!] : [];
    const section = type === '#' || type === '^';
    return [...own, ...(section ? rootNames(children as unknown[]) : [])];
  });
}

describe('shell (envsubst, Compose)', () => {
  it('reads $VAR and ${VAR}; operators give defaults or insist; $$ and $1 are literal', () => {
    const t = '$A ${B} ${C:-x} ${D-x} ${E:=x} ${F=x} ${G:+x} ${H+x} ${I:?msg} ${J?} $$K $1 ${L:-${M}}';
    const expected = [
      ['A', 'none'],
      ['B', 'none'],
      ['C', 'default'],
      ['D', 'default'],
      ['E', 'default'],
      ['F', 'default'],
      ['G', 'default'],
      ['H', 'default'],
      ['I', 'none!?'],
      ['J', 'none!?'],
      ['L', 'default'],
      ['M', 'none'],
    ].map(([name, fallback]) => `${name}@${at(t, name!)}/${fallback}`);
    assert.deepEqual(uses(scanShell(t)), expected);
  });

  it('reports forms neither tool knows, and unclosed braces', () => {
    assert.deepEqual(problems(scanShell('x ${A:0:2} ${}\n${#B} ${C')), [
      '1:3 template syntax error: unsupported substitution "${A:0:2}" (envsubst and Compose know :- - := = :+ + :? ?)',
      '1:12 template syntax error: bad substitution "${}"',
      '2:1 template syntax error: bad substitution "${#B}"',
      '2:7 template syntax error: ${ is never closed with }',
    ]);
  });
});

describe('f-string (LangChain)', () => {
  it('reads {name}, conversions and nested spec fields; {{ }} are literal braces', () => {
    const t = '{q} {n!r} {v:>{width}} {{"json": 1}} }}';
    assert.deepEqual(uses(scanFstring(t)), [
      `q@${at(t, 'q')}/none`,
      `n@${at(t, 'n!')}/none`,
      `v@${at(t, 'v:')}/none`,
      `width@${at(t, 'width')}/none`,
    ]);
  });

  it('reports what LangChain rejects, every one of them', () => {
    const t = '{a.b} {c[0]} {0} {} {"k": 1} } {d!x}\n{open';
    assert.deepEqual(problems(scanFstring(t)), [
      `${at(t, '{a.b}')} template syntax error: "{a.b}": LangChain does not allow attribute or index access in f-string fields`,
      `${at(t, '{c[0]}')} template syntax error: "{c[0]}": LangChain does not allow attribute or index access in f-string fields`,
      `${at(t, '{0}')} template syntax error: "{0}" is a positional field; LangChain fills fields by name`,
      `${at(t, '{}')} template syntax error: "{}" is a positional field; LangChain fills fields by name`,
      `${at(t, '{"k"')} template syntax error: "{"k": 1}" is not a field name (write {{ and }} for literal braces)`,
      `${at(t, '} {d')} template syntax error: single "}" (write }} for a literal brace)`,
      `${at(t, '{d!x}')} template syntax error: invalid conversion "!x" (expected !r, !s or !a)`,
      `${at(t, '{open')} template syntax error: "{" is never closed (write {{ for a literal brace)`,
    ]);
  });
});
