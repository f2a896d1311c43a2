import { internals, type Token, type Tokenizer } from './nunjucks-internals';

type TokenizerClass = new (src: string, opts?: object) => Tokenizer;

// nunjucks does not export the lexer's class; any instance leads to it.
const NunjucksTokenizer = Object.getPrototypeOf(internals.lexer.lex('')).constructor as TokenizerClass;

const { TOKEN_WHITESPACE, TOKEN_OPERATOR, TOKEN_INT, TOKEN_FLOAT, TOKEN_SYMBOL } = internals.lexer;

const runFinders = new Map<string, RegExp>();

/** A global regex finding the next character of `chars`, compiled once per character set. */
function runFinder(chars: string): RegExp {
  let finder = runFinders.get(chars);
  if (!finder) {
    finder = new RegExp(`[${chars.replace(/[\]\\^-]/g, '\\$&')}]`, 'g');
    runFinders.set(chars, finder);
  }
  return finder;
}

function newlineFrom(text: string, from: number): number {
  const index = text.indexOf('\n', from);
  return index === -1 ? Number.POSITIVE_INFINITY : index;
}

/**
 * The nunjucks lexer with three changes:
 * - Runs of text are found with one regex search instead of a call and a string append per character
 *   (the stock loop spends most of a prompt's parse time on prose). Tokens, lines and columns are
 *   exactly the stock lexer's; a test compares the two on the corpus and on generated templates.
 * - An integer after `.` is a name (`m.content.0.type`): Jinja reads it as an item, nunjucks would fail.
 * - Whitespace inside tags is not returned: the parser would only skip it.
 */
export class JinjaTokenizer extends NunjucksTokenizer {
  private afterDot = false;
  private nextNewline = -1;
  private pending: Token[] = [];

  override nextToken(): Token | null {
    if (this.pending.length > 0) return this.pending.shift()!;
    let token = super.nextToken();
    // The parser skips whitespace inside tags (nothing asks for it), so it is not handed over at all.
    while (token?.type === TOKEN_WHITESPACE) token = super.nextToken();
    if (!token) return token;
    const afterDot = this.afterDot;
    this.afterDot = token.type === TOKEN_OPERATOR && token.value === '.';
    if (!afterDot || (token.type !== TOKEN_INT && token.type !== TOKEN_FLOAT)) return token;
    // `.0.type` lexes as `.`, the float `0.`, `type`: the number is split back into names and dots.
    const [first = '', ...rest] = token.value.split('.');
    let colno = token.colno + first.length;
    for (const part of rest) {
      this.pending.push({ type: TOKEN_OPERATOR, value: '.', lineno: token.lineno, colno });
      if (part) this.pending.push({ ...token, type: TOKEN_SYMBOL, value: part, colno: colno + 1 });
      colno += part.length + 1;
    }
    return { ...token, type: TOKEN_SYMBOL, value: first };
  }

  /** Same contract as the stock method: the run of characters in (or, with `breakOnMatch`, not in) `chars`. */
  override _extractMatching(breakOnMatch: boolean, chars: string): string | null {
    const { str, len } = this;
    const start = this.index;
    if (start >= len) return null;
    let end = start;
    if (breakOnMatch) {
      const finder = runFinder(chars);
      finder.lastIndex = start;
      end = finder.exec(str)?.index ?? len;
    } else {
      while (end < len && chars.includes(str[end]!)) end++;
    }
    if (end === start) return '';
    // Line and column move past the run as the stock lexer's per-character `forward` would move them.
    // The next newline is remembered, so every newline of the text is searched for once.
    if (this.nextNewline < start) this.nextNewline = newlineFrom(str, start);
    if (this.nextNewline >= end) this.colno += end - start;
    else {
      let last = this.nextNewline;
      while (this.nextNewline < end) {
        this.lineno++;
        last = this.nextNewline;
        this.nextNewline = newlineFrom(str, last + 1);
      }
      this.colno = end - last - 1;
    }
    this.index = end;
    return str.slice(start, end);
  }
}
