/** Thrown where a template leaves the subset; the caller then parses it with nunjucks. */
export const OUTSIDE_SUBSET = Object.freeze({ outsideSubset: true });

export type TokenType =
  | 'data'
  | 'comment'
  | 'block-start'
  | 'block-end'
  | 'variable-start'
  | 'variable-end'
  | 'string'
  | 'int'
  | 'float'
  | 'boolean'
  | 'none'
  | 'symbol'
  | 'operator'
  | 'left-paren'
  | 'right-paren'
  | 'left-bracket'
  | 'right-bracket'
  | 'left-curly'
  | 'right-curly'
  | 'comma'
  | 'colon'
  | 'tilde'
  | 'pipe'
  | 'eof';

export interface SubsetToken {
  readonly type: TokenType;
  readonly value: string;
  /** UTF-16 offset where the token starts; only names and strings carry one (the parser reads no other). */
  readonly offset: number;
}

/** Tokens without a value of their own are shared: only names and strings are allocated per token. */
function shared(type: TokenType, value = ''): SubsetToken {
  return Object.freeze({ type, value, offset: -1 });
}
const EOF = shared('eof');
const DATA = shared('data');
const COMMENT = shared('comment');
const BLOCK_START = shared('block-start');
const VARIABLE_START = shared('variable-start');
const BLOCK_END = shared('block-end');
const VARIABLE_END = shared('variable-end');

const WHITESPACE = ' \n\t\r\xA0';
const DELIMITERS = '()[]{}%*-+~/#,:|.<>=!';
/** Per character code below 256: 1 whitespace, 2 delimiter. */
const CLASS = new Uint8Array(256);
for (const char of WHITESPACE) CLASS[char.charCodeAt(0)] = 1;
for (const char of DELIMITERS) CLASS[char.charCodeAt(0)] = 2;
const DELIMITER_TYPES: Record<string, TokenType> = {
  '(': 'left-paren',
  ')': 'right-paren',
  '[': 'left-bracket',
  ']': 'right-bracket',
  '{': 'left-curly',
  '}': 'right-curly',
  ',': 'comma',
  ':': 'colon',
  '~': 'tilde',
  '|': 'pipe',
};
const OPERATORS = ['==', '===', '!=', '!==', '<=', '>=', '//', '**'];
const DELIMITER_TOKENS: Record<string, SubsetToken> = Object.fromEntries(
  [...DELIMITERS, ...OPERATORS].map((value) => [value, shared(DELIMITER_TYPES[value] ?? 'operator', value)]),
);
/** The token of each one-character delimiter, by character code. */
const SINGLE: SubsetToken[] = [];
for (const char of DELIMITERS) SINGLE[char.charCodeAt(0)] = DELIMITER_TOKENS[char]!;
/** By character code: the second character that makes `==`, `!=`, `<=`, `>=`, `//`, `**` with it. */
const SECOND: number[] = [];
for (const operator of ['==', '!=', '<=', '>=', '//', '**'])
  SECOND[operator.charCodeAt(0)] = operator.charCodeAt(1);
const DIGITS = /^[0-9]+$/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function classOf(code: number): number {
  return code < 256 ? CLASS[code]! : 0;
}

/**
 * The nunjucks lexer's tokens for the Jinja subset, found with `indexOf` over prose instead of a loop
 * per character. It mirrors the stock lexer's order of checks (so `}}` inside a `{% %}` tag ends a
 * variable there too) and throws `OUTSIDE_SUBSET` where ours would differ: regex literals, an
 * integer after a dot, unterminated strings and comments, a stray `#}` in text, and the spellings
 * `parseJinja` rewrites first (`{%+`, `+%}`, `recursive`). Tag delimiters carry no value.
 */
export class SubsetLexer {
  private index = 0;
  private inCode = false;
  private afterDot = false;
  /** The next `#}` at or after `index`, which the stock lexer rejects outside a comment. */
  private commentEnd: number;

  constructor(private readonly text: string) {
    this.commentEnd = text.indexOf('#}');
  }

  next(): SubsetToken {
    return this.inCode ? this.code() : this.data();
  }

  private data(): SubsetToken {
    const { text } = this;
    const start = this.index;
    if (start >= text.length) return EOF;
    if (text.charCodeAt(start) === 123 /* { */) {
      const second = text[start + 1];
      if (second === '%' || second === '{') {
        // `{%+` is rewritten before nunjucks sees it (jinja-parser.ts): that path reads it.
        if (second === '%' && text[start + 2] === '+') throw OUTSIDE_SUBSET;
        this.index = start + (text[start + 2] === '-' ? 3 : 2);
        this.inCode = true;
        return second === '%' ? BLOCK_START : VARIABLE_START;
      }
      if (second === '#') {
        const end = text.indexOf('#}', start + 2);
        if (end === -1) throw OUTSIDE_SUBSET;
        this.index = end + 2;
        this.seekCommentEnd();
        return COMMENT;
      }
    }
    // Text runs to the next `{%`, `{{` or `{#`; the character at `start` is not one.
    let end = start;
    for (;;) {
      end = text.indexOf('{', end + 1);
      if (end === -1) {
        end = text.length;
        break;
      }
      const second = text[end + 1];
      if (second === '%' || second === '{' || second === '#') break;
    }
    if (this.commentEnd !== -1 && this.commentEnd < end) throw OUTSIDE_SUBSET;
    this.index = end;
    return DATA;
  }

  private seekCommentEnd(): void {
    while (this.commentEnd !== -1 && this.commentEnd < this.index) {
      this.commentEnd = this.text.indexOf('#}', this.commentEnd + 1);
    }
  }

  private code(): SubsetToken {
    const { text } = this;
    const { length } = text;
    let index = this.index;
    while (index < length && classOf(text.charCodeAt(index)) === 1) index++;
    if (index >= length) throw OUTSIDE_SUBSET;
    const code = text.charCodeAt(index);
    const afterDot = this.afterDot;
    this.afterDot = false;
    if (code === 34 /* " */ || code === 39 /* ' */) return this.string(index, code);
    const dash = code === 45 /* - */ ? 1 : 0;
    const first = text.charCodeAt(index + dash);
    if (text.charCodeAt(index + dash + 1) === 125 /* } */ && (first === 37 /* % */ || first === 125)) {
      this.index = index + dash + 2;
      this.inCode = false;
      this.seekCommentEnd();
      return first === 37 ? BLOCK_END : VARIABLE_END;
    }
    if (code === 114 /* r */ && text.charCodeAt(index + 1) === 47 /* / */) throw OUTSIDE_SUBSET;
    if (classOf(code) === 2) {
      const next = text.charCodeAt(index + 1);
      let size = 1;
      if (SECOND[code] === next) {
        size = (code === 61 || code === 33) /* = ! */ && text.charCodeAt(index + 2) === 61 ? 3 : 2;
      } else if (code === 43 /* + */ && next === 37 && text.charCodeAt(index + 2) === 125) {
        throw OUTSIDE_SUBSET; // `+%}`
      }
      this.index = index + size;
      this.afterDot = code === 46; /* . */
      return size === 1 ? SINGLE[code]! : DELIMITER_TOKENS[text.slice(index, index + size)]!;
    }
    return this.word(index, afterDot);
  }

  /** A run up to whitespace or a delimiter: a number, `true` / `false`, `none` / `null`, or a name. */
  private word(start: number, afterDot: boolean): SubsetToken {
    const { text } = this;
    let end = start + 1;
    while (end < text.length && classOf(text.charCodeAt(end)) === 0) end++;
    let value = text.slice(start, end);
    let type: TokenType = 'symbol';
    if (isDigit(value.charCodeAt(0)) && DIGITS.test(value)) {
      // nunjucks would read a float here; our tokenizer reads `.0.` as a name: neither is in the subset.
      if (afterDot) throw OUTSIDE_SUBSET;
      type = 'int';
      if (text[end] === '.') {
        end++;
        while (end < text.length && isDigit(text.charCodeAt(end))) end++;
        value = text.slice(start, end);
        type = 'float';
      }
    } else if (value === 'true' || value === 'false') type = 'boolean';
    else if (value === 'none' || value === 'null') type = 'none';
    else if (value === 'recursive') throw OUTSIDE_SUBSET; // rewritten before nunjucks sees it
    this.index = end;
    return { type, value, offset: start };
  }

  /** A quoted string from `quote`; `\n`, `\t`, `\r` are escapes, any other escaped character stands for itself. */
  private string(quote: number, delimiter: number): SubsetToken {
    const { text } = this;
    let end = quote + 1;
    let escaped = false;
    for (;;) {
      if (end >= text.length) throw OUTSIDE_SUBSET;
      const char = text.charCodeAt(end);
      if (char === delimiter) break;
      if (char === 92 /* \\ */) {
        escaped = true;
        end += 2;
      } else end++;
    }
    this.index = end + 1;
    const body = text.slice(quote + 1, end);
    // jinja-parser.ts rewrites these spellings even inside strings.
    if (body.includes('recursive') || body.includes('+%}') || body.includes('{%+')) throw OUTSIDE_SUBSET;
    const value = escaped ? body.replace(/\\([\s\S])/g, (_, next: string) => ESCAPES[next] ?? next) : body;
    return { type: 'string', value, offset: quote };
  }
}
