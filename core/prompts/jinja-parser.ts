import { jinjaExtensions } from './jinja-extensions';
import { JinjaTokenizer } from './jinja-tokenizer';
import { internals, type JinjaNode, type Parser } from './nunjucks-internals';
import type { TextPosition } from './template-scan';

/** A template nunjucks cannot parse, with where it stopped (1-based). */
export class JinjaSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: TextPosition,
  ) {
    super(message);
  }
}

const NunjucksParser = internals.parser.Parser;

/**
 * `installJinjaCompat()` teaches the parser slices (`messages[1:]`), but it also patches nunjucks'
 * runtime for every user of the package. Its parser method is taken and the patch undone at once, so
 * only our parser gets slices.
 */
function sliceAwareAggregate(): Parser['parseAggregate'] {
  const uninstall = internals.installJinjaCompat();
  const compat = NunjucksParser.prototype.parseAggregate;
  uninstall();
  return compat;
}

class JinjaParser extends NunjucksParser {
  /** nunjucks stops after `a if b else c`; Jinja goes on: `a if b else c if d else e`. */
  override parseInlineIf(): JinjaNode {
    const node = super.parseInlineIf();
    let tail = node;
    while (tail.typename === 'InlineIf' && tail.else_ && this.skipSymbol('if')) {
      const body = tail.else_ as JinjaNode;
      const cond = this.parseOr();
      const otherwise = this.skipSymbol('else') ? this.parseOr() : null;
      const chained = new internals.nodes.InlineIf!(body.lineno, body.colno, cond, body, otherwise);
      tail.else_ = chained;
      tail = chained;
    }
    return node;
  }
}
JinjaParser.prototype.parseAggregate = sliceAwareAggregate();

const EXTENSIONS = jinjaExtensions(internals.nodes);

/**
 * Parses a Jinja template into a nunjucks AST whose nodes carry 0-based `lineno` / `colno`. Two Jinja
 * spellings nunjucks lacks change only rendering, not which names are read, so they are blanked out
 * with same-length text (which keeps every position): `{%+` / `+%}` whitespace control, and the
 * `recursive` flag of a `for` (its `loop(...)` calls read the bound `loop`).
 */
export function parseJinja(text: string): JinjaNode {
  refuseUnterminatedRaw(text);
  const source = readableSpelling(text);
  const tokens = new JinjaTokenizer(source, {});
  const parser = new JinjaParser(tokens);
  parser.extensions = EXTENSIONS;
  try {
    return parser.parseAsRoot();
  } catch (error) {
    const { lineno, colno, message } = error as { lineno?: number; colno?: number; message: string };
    // Parser errors carry 1-based positions; lexer errors none, but the lexer stopped where it failed.
    const position =
      lineno !== undefined && colno !== undefined
        ? { line: lineno, column: colno }
        : { line: tokens.lineno + 1, column: tokens.colno + 1 };
    throw new JinjaSyntaxError(readable(message), position);
  }
}

const RAW_TAG = /\{%[-+]?\s*(end)?(raw|verbatim)\s*[-+]?%\}/g;

/**
 * nunjucks looks for the end of a `{% raw %}` block by re-scanning from each tag it meets, which an
 * unterminated block of 400 KB turns into ~50 s: the end is looked for here first, in one pass, and
 * its absence is an error at the opening tag. Raw blocks nest, as in nunjucks' `parseRaw`.
 */
function refuseUnterminatedRaw(text: string): void {
  if (!text.includes('raw') && !text.includes('verbatim')) return;
  const open: { kind: string; index: number }[] = [];
  for (const match of text.matchAll(RAW_TAG)) {
    const kind = match[2]!;
    if (!match[1]) open.push({ kind, index: match.index });
    else if (open.at(-1)?.kind === kind) open.pop();
  }
  const unclosed = open[0];
  if (!unclosed) return;
  const before = text.slice(0, unclosed.index);
  const line = before.split('\n').length;
  const column = unclosed.index - before.lastIndexOf('\n');
  throw new JinjaSyntaxError(`{% ${unclosed.kind} %} is never closed: expected {% end${unclosed.kind} %}`, {
    line,
    column,
  });
}

const RECURSIVE_FOR = /(\{%[-+]?\s*for\s[^%]*?\s)recursive(?=\s*[-+]?%\})/g;

function readableSpelling(text: string): string {
  let source = text;
  if (source.includes('+%}') || source.includes('{%+')) {
    source = source.replaceAll('{%+', '{% ').replaceAll('+%}', ' %}');
  }
  if (source.includes('recursive')) source = source.replace(RECURSIVE_FOR, '$1         ');
  return source;
}

/** nunjucks prefixes some messages with the parser function that raised them (`parseFor: ...`). */
function readable(message: string): string {
  return message
    .replace(/^\(unknown path\)\s*/, '')
    .replace(/^(Template render error: )?/, '')
    .replace(/^[a-zA-Z]+: (?=expected|Expected|variable name)/, '')
    .trim();
}
