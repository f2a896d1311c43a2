import type { Dialect } from '../model/prompt';
import type { TemplateProblem } from './template-scan';
import { lineStarts, positionAt } from './text-lines';

/**
 * How deep a prompt template may nest: blocks, brackets and chained operators together. Real prompts
 * and chat templates stay under 20. The parsers (ours, nunjucks, Handlebars, @huggingface/jinja) and
 * the walks over what they build recurse once or more per level, and deep enough nesting overflows
 * the call stack, so a deeper template is refused before any of them sees it. Measured on Node 20
 * (default stack): nested Jinja brackets overflow from 565, nested `{% if %}` from 1,498.
 */
export const MAX_TEMPLATE_NESTING = 100;

const MESSAGE = `template nested more than ${MAX_TEMPLATE_NESTING} levels deep (blocks, brackets and chained operators together); no prompt needs that many, so it is not read`;

/** Whether a scanner's problem is this refusal: a template that cannot be read, not a finding. */
export function isTooDeep(problem: TemplateProblem): boolean {
  return problem.message === MESSAGE;
}

/** A stack overflow in a parser anyway (the estimate below missed a construct): the template's problem, not the run's. */
export function tooDeepProblem(): TemplateProblem {
  return { severity: 'error', line: 1, column: 1, message: MESSAGE };
}

/**
 * Where a template of `dialect` first nests deeper than MAX_TEMPLATE_NESTING, checked before any
 * parser sees it. Mustache and f-strings do not nest in ways their scanners recurse on.
 */
export function templateNesting(text: string, dialect: Dialect): TemplateProblem | undefined {
  if (dialect === 'jinja' || dialect === 'chat-template') return jinjaNesting(text);
  if (dialect === 'handlebars') return handlebarsNesting(text);
  if (dialect === 'shell') return shellNesting(text);
  return undefined;
}

function problemAt(text: string, offset: number): TemplateProblem {
  return { severity: 'error', ...positionAt(lineStarts(text), offset), message: MESSAGE };
}

/** Jinja tags that open a block closed by `{% end… %}`; `set` only without `=` (a block set). */
const JINJA_BLOCKS = new Set([
  'if',
  'for',
  'macro',
  'call',
  'filter',
  'block',
  'with',
  'autoescape',
  'raw',
  'verbatim',
  'set',
]);
/** Each `elif` nests one level more: the parsers read it as an `if` inside the previous one's else. */
const JINJA_ELIF = new Set(['elif', 'elseif']);
const JINJA_WORD_OPERATORS = new Set(['not', 'and', 'or', 'is', 'in', 'if', 'else']);
const OPERATOR_CHARS = new Set('+-*/%~|.<>=!');
const PAIRED_OPERATORS = new Set(['==', '!=', '<=', '>=', '//', '**']);
/**
 * An operator chained at one level costs a quarter of a level: the parsers recurse on a chain too, but
 * far less deeply per operator than per bracket (Node 20: 2,456 chained filters, 3,961 `not`, `.` or
 * calls, 4,096 `and`, 7,225 `+` or `~`, 9,441 `or` overflow, against 565 nested brackets). So a role
 * check with a few dozen `or` alternatives passes, and 400 chained operators are the most.
 */
const LEVEL = 4;

/**
 * Where a Jinja template first nests deeper than MAX_TEMPLATE_NESTING, as a problem; undefined when
 * it does not. An over-estimate of what the parsers build, by one linear pass over the text: each open
 * block counts one (each `elif` one more), each open bracket one, and each operator, filter, `.` or
 * `not` chained at one bracket level a quarter (`a + b + c` parses as `(a + b) + c`; see LEVEL); `,`
 * and `:` start a new chain.
 */
export function jinjaNesting(text: string): TemplateProblem | undefined {
  const blocks: number[] = [];
  let blockDepth = 0;
  let index = 0;
  for (;;) {
    const open = text.indexOf('{', index);
    if (open === -1 || open + 1 >= text.length) return undefined;
    const kind = text[open + 1];
    if (kind === '#') {
      const end = text.indexOf('#}', open + 2);
      if (end === -1) return undefined;
      index = end + 2;
      continue;
    }
    if (kind !== '{' && kind !== '%') {
      index = open + 1;
      continue;
    }
    // Whitespace control (`{%-`, `{{+`) is not an operator.
    const inside = text[open + 2] === '-' || text[open + 2] === '+' ? open + 3 : open + 2;
    const tag = readJinjaTag(text, inside, kind === '{' ? '}' : '%', blockDepth);
    if (typeof tag === 'number') return problemAt(text, tag);
    index = tag.end;
    if (kind !== '%' || tag.name === undefined) continue;
    const name = tag.name;
    if (JINJA_BLOCKS.has(name) && !(name === 'set' && tag.assigns)) {
      blocks.push(1);
      blockDepth++;
      if (blockDepth > MAX_TEMPLATE_NESTING) return problemAt(text, open);
      if (name === 'raw' || name === 'verbatim') {
        // Its body is text, not tags; unterminated, the parser reports it.
        const close = new RegExp(`\\{%[-+]?\\s*end${name}\\s*[-+]?%\\}`, 'g');
        close.lastIndex = index;
        if (!close.exec(text)) return undefined;
        index = close.lastIndex;
        blockDepth -= blocks.pop()!;
      }
    } else if (JINJA_ELIF.has(name) && blocks.length > 0) {
      blocks[blocks.length - 1]!++;
      blockDepth++;
      if (blockDepth > MAX_TEMPLATE_NESTING) return problemAt(text, open);
    } else if (name.startsWith('end') && blocks.length > 0) {
      blockDepth -= blocks.pop()!;
    }
  }
}

interface JinjaTag {
  /** Offset after the tag's closing delimiter (the text's end when it has none). */
  end: number;
  /** Its first word. */
  name?: string;
  /** An `=` outside strings: `{% set x = 1 %}` opens no block. */
  assigns: boolean;
}

/** Reads one tag's inside from `from`; returns the offset where it nests too deep instead, if it does. */
function readJinjaTag(text: string, from: number, closer: '}' | '%', outer: number): JinjaTag | number {
  /** Chain length per open bracket level, the tag's own level first. */
  const chains = [0];
  /** In quarters of a level (LEVEL). */
  let depth = outer * LEVEL;
  const limit = MAX_TEMPLATE_NESTING * LEVEL;
  let name: string | undefined;
  let assigns = false;
  let index = from;
  /** The last character that is not white space, to tell a call `f(` from a group `(`. */
  let previous = '';
  while (index < text.length) {
    const char = text[index]!;
    if (char === closer && text[index + 1] === '}') return { end: index + 2, name, assigns };
    const before = previous;
    if (!/\s/.test(char)) previous = char;
    if (char === "'" || char === '"') {
      index = stringEnd(text, index);
      continue;
    }
    if (char === '(' || char === '[' || char === '{') {
      // A call or subscript after a value (`f(x)(y)`, `a[0][1]`) chains like an operator.
      if (char !== '{' && /[\w)\]'"]/.test(before)) {
        chains[chains.length - 1]!++;
        depth++;
      }
      chains.push(0);
      depth += LEVEL;
    } else if (char === ')' || char === ']' || char === '}') {
      if (chains.length > 1) depth -= chains.pop()! + LEVEL;
    } else if (char === ',' || char === ':') {
      depth -= chains[chains.length - 1]!;
      chains[chains.length - 1] = 0;
    } else if (OPERATOR_CHARS.has(char)) {
      if (char === '=') assigns = true;
      // A two-character operator is one; `- - a` or `--a` are two.
      if (PAIRED_OPERATORS.has(text.slice(index, index + 2))) index++;
      chains[chains.length - 1]!++;
      depth++;
    } else if (/[A-Za-z_]/.test(char)) {
      let end = index + 1;
      while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++;
      const word = text.slice(index, end);
      if (name === undefined) name = word;
      else if (JINJA_WORD_OPERATORS.has(word)) {
        chains[chains.length - 1]!++;
        depth++;
      }
      index = end;
      if (depth > limit) return index;
      continue;
    }
    if (depth > limit) return index;
    index++;
  }
  return { end: text.length, name, assigns };
}

/** The offset after the string literal that starts at `from` (backslash escapes), or the text's end. */
function stringEnd(text: string, from: number): number {
  const quote = text[from];
  for (let index = from + 1; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === quote) return index + 1;
  }
  return text.length;
}

/**
 * Where a Handlebars template first nests deeper than MAX_TEMPLATE_NESTING: each open block
 * (`{{#…}}`, `{{^name}}`, `{{#> partial}}`) counts one, each `{{else if …}}` one more (it nests an
 * `if` in the else), each open subexpression `(` one. Paths and hashes are flat.
 */
export function handlebarsNesting(text: string): TemplateProblem | undefined {
  const blocks: number[] = [];
  let blockDepth = 0;
  let index = 0;
  for (;;) {
    const open = text.indexOf('{{', index);
    if (open === -1) return undefined;
    if (text.startsWith('{{!--', open)) {
      const end = text.indexOf('--}}', open + 5);
      if (end === -1) return undefined;
      index = end + 4;
      continue;
    }
    if (text.startsWith('{{!', open)) {
      const end = text.indexOf('}}', open + 3);
      if (end === -1) return undefined;
      index = end + 2;
      continue;
    }
    let at = open + 2;
    while (text[at] === '{') at++;
    if (text[at] === '~') at++;
    while (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r') at++;
    const sigil = text[at];
    const chained = /^else\s+[^\s}~]/.test(text.slice(at, at + 8));
    if (sigil === '#' || (sigil === '^' && /[^\s}~]/.test(text[at + 1] ?? ''))) {
      blocks.push(1);
      blockDepth++;
    } else if (sigil === '/') {
      if (blocks.length > 0) blockDepth -= blocks.pop()!;
    } else if (chained && blocks.length > 0) {
      blocks[blocks.length - 1]!++;
      blockDepth++;
    }
    if (blockDepth > MAX_TEMPLATE_NESTING) return problemAt(text, open);
    let depth = blockDepth;
    let end = text.length;
    while (at < text.length) {
      const char = text[at]!;
      if (char === '}' && text[at + 1] === '}') {
        end = at + 2;
        break;
      }
      if (char === "'" || char === '"') {
        at = stringEnd(text, at);
        continue;
      }
      if (char === '(') depth++;
      else if (char === ')') depth--;
      if (depth > MAX_TEMPLATE_NESTING) return problemAt(text, at);
      at++;
    }
    index = end;
  }
}

/** Where `${…}` substitutions of a shell-style template first nest deeper than MAX_TEMPLATE_NESTING. */
export function shellNesting(text: string): TemplateProblem | undefined {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '$' && text[index + 1] === '$')
      index++; // a literal `$`
    else if (char === '$' && text[index + 1] === '{') {
      if (++depth > MAX_TEMPLATE_NESTING) return problemAt(text, index);
      index++;
    } else if (char === '}' && depth > 0) depth--;
  }
  return undefined;
}
