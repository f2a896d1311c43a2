import { positionsInOrder } from './text-lines';

/** Thrown where a template leaves the subset; the caller then parses it with Handlebars. */
const OUTSIDE_SUBSET = Object.freeze({ outsideSubset: true });

function outside(): never {
  throw OUTSIDE_SUBSET;
}

type Token =
  | { type: 'id'; value: string; offset: number }
  | { type: 'sep'; value: string; offset: number }
  | {
      type: 'data' | 'equals' | 'open-sexpr' | 'close-sexpr' | 'open-params' | 'close-params';
      offset: number;
    }
  | { type: 'close' | 'close-unescaped'; offset: number }
  | { type: 'literal'; node: hbs.AST.Literal; offset: number };

/** An ID, as Handlebars' lexer reads one: none of whitespace and ``!"#%&'()*+,./;<=>@[\]^`{|}~``. */
const ID = /[^\s!"#%&'()*+,./;<=>@[\\\]^`{|}~]+/y;
/** What may follow an ID, and a literal. */
const AFTER_ID = /[=~}\s/.)|]/;
const AFTER_LITERAL = /[~}\s)]/;
const NUMBER = /-?[0-9]+(?:\.[0-9]+)?/y;
const SPACE = /\s*/y;
const INVERSE_CARET = /\^\s*~?\}\}/y;
const INVERSE_ELSE = /\s*else\s*~?\}\}/y;
const CHAIN = /\s*else\b/y;
const COMMENT_END = /\}\}/g;
const LONG_COMMENT_END = /--~?\}\}/g;
const PARAMS = /as\s+\|/y;
const LITERAL_WORDS: Record<string, string> = { t: 'true', f: 'false', u: 'undefined', n: 'null' };
const LITERALS: Record<string, () => hbs.AST.Literal> = {
  true: () => ({ type: 'BooleanLiteral', value: true, original: true }) as hbs.AST.BooleanLiteral,
  false: () => ({ type: 'BooleanLiteral', value: false, original: false }) as hbs.AST.BooleanLiteral,
  undefined: () =>
    ({ type: 'UndefinedLiteral', value: undefined, original: undefined }) as unknown as hbs.AST.Literal,
  null: () => ({ type: 'NullLiteral', value: null, original: null }) as unknown as hbs.AST.Literal,
};

interface Open {
  kind: 'block' | 'inverse' | 'chain';
  path: hbs.AST.PathExpression | hbs.AST.Literal;
  params: hbs.AST.Expression[];
  hash: hbs.AST.Hash | undefined;
  blockParams: string[] | undefined;
}

/**
 * The Handlebars subset prompts are written in, parsed into the AST `parseWithoutProcessing` builds
 * (the parts the scanner reads: statements, paths with their start positions, parameters, hashes,
 * block parameters, `{{else}}` / `{{else if}}` chains, inverse sections), or `undefined` for a
 * template outside it: a syntax error, partials, decorators, raw blocks, `\{{` escapes, `[literal]`
 * segments, a lone `\r` or U+2028/U+2029 (which move Handlebars' columns). Those go through
 * Handlebars itself, so every error message and position stays what it says. Text and comments get
 * no nodes (the scanner reads none). A test checks that both parsers agree.
 */
export function parseHandlebarsSubset(text: string): hbs.AST.Program | undefined {
  if (text.includes('\0') || (text.includes('\r') && /\r(?!\n)/.test(text))) return undefined;
  if (Buffer.byteLength(text, 'utf8') !== text.length && /[\u2028\u2029]/.test(text)) return undefined;
  try {
    return new SubsetParser(text).root();
  } catch (error) {
    if (error === OUTSIDE_SUBSET) return undefined;
    throw error;
  }
}

class SubsetParser {
  private index = 0;
  private peeked: Token | undefined;
  private readonly at: (offset: number) => { line: number; column: number };

  constructor(private readonly text: string) {
    this.at = positionsInOrder(text);
  }

  root(): hbs.AST.Program {
    const { body, end } = this.program();
    if (end !== undefined) outside();
    return program(body);
  }

  /**
   * Statements up to the end of the text or a tag that ends a program (`{{else}}`, `{{^}}`,
   * `{{else if ...}}`, `{{/name}}`), which is returned, with the index just past its opener.
   */
  private program(): { body: hbs.AST.Statement[]; end?: 'inverse' | 'chain' | 'close' } {
    const { text } = this;
    const body: hbs.AST.Statement[] = [];
    for (;;) {
      const open = text.indexOf('{{', this.index);
      if (open === -1) return { body };
      if (text[open - 1] === '\\' || text.startsWith('{{{{', open)) outside(); // escapes, raw blocks
      const at = text[open + 2] === '~' ? open + 3 : open + 2;
      const sigil = text[at];
      // `{{^}}`, `{{else}}` and `{{else name ...}}` start with `^`, `e` or a space.
      if (sigil === '^' || sigil === 'e' || (sigil !== undefined && /\s/.test(sigil))) {
        const inverse = sigil === '^' ? INVERSE_CARET : INVERSE_ELSE;
        inverse.lastIndex = at;
        if (inverse.test(text)) {
          this.index = inverse.lastIndex;
          return { body, end: 'inverse' };
        }
        CHAIN.lastIndex = at;
        if (CHAIN.test(text)) {
          this.index = CHAIN.lastIndex;
          return { body, end: 'chain' };
        }
      }
      this.index = at + 1;
      switch (sigil) {
        case '#':
          // `{{#>` opens a partial block, `{{#*` a decorator block.
          if (text[at + 1] === '>' || text[at + 1] === '*') outside();
          body.push(this.block('block'));
          break;
        case '^':
          body.push(this.block('inverse'));
          break;
        case '/':
          return { body, end: 'close' };
        case '!':
          this.index = this.commentEnd(open, at);
          break;
        case '{':
          body.push(this.mustache(true));
          break;
        case '&':
          body.push(this.mustache(false));
          break;
        case '>':
        case '*':
          return outside(); // partials, decorators
        default:
          this.index = at;
          body.push(this.mustache(false));
      }
    }
  }

  /** `{{! ... }}` ends at the first `}}`; `{{!-- ... --}}` at the first `--}}` from its `{{`. */
  private commentEnd(open: number, bang: number): number {
    const long = this.text.startsWith('!--', bang);
    const end = long ? LONG_COMMENT_END : COMMENT_END;
    end.lastIndex = long ? open : bang + 1;
    if (!end.exec(this.text)) outside();
    return end.lastIndex;
  }

  private mustache(triple: boolean): hbs.AST.MustacheStatement {
    const { path, params, hash } = this.call();
    if (this.next().type !== (triple ? 'close-unescaped' : 'close')) outside();
    return { type: 'MustacheStatement', path, params, hash } as unknown as hbs.AST.MustacheStatement;
  }

  /** `{{#name ...}}` or `{{^name ...}}` up to its `{{/name}}`, with any `{{else}}` chain. */
  private block(kind: 'block' | 'inverse'): hbs.AST.BlockStatement {
    return this.blockBody(this.openBlock(kind));
  }

  private openBlock(kind: Open['kind']): Open {
    const { path, params, hash } = this.call();
    let blockParams: string[] | undefined;
    if (this.peek().type === 'open-params') {
      this.next();
      blockParams = [];
      for (let token = this.next(); token.type !== 'close-params'; token = this.next()) {
        if (token.type !== 'id') outside();
        blockParams.push(token.value);
      }
      if (blockParams.length === 0) outside();
    }
    if (this.next().type !== 'close') outside();
    return { kind, path, params, hash, blockParams };
  }

  /**
   * A block's program, then its `{{else}}` program or its `{{else name ...}}` chain (a block of its
   * own, alone in the inverse program), up to the `{{/name}}` that closes the whole chain.
   */
  private blockBody(open: Open): hbs.AST.BlockStatement {
    const main = this.program();
    const mainProgram = program(main.body, open.blockParams);
    let inverse: hbs.AST.Program | undefined;
    let end = main.end;
    if (end === 'inverse') {
      const rest = this.program();
      inverse = program(rest.body);
      end = rest.end;
    } else if (end === 'chain') {
      if (open.kind === 'inverse') outside();
      inverse = program([this.blockBody(this.openBlock('chain'))]);
      end = 'close';
    }
    if (end !== 'close') outside();
    if (open.kind !== 'chain') this.closeBlock(open);
    // `{{^name}}` swaps the two: what it renders when `name` is falsy is its program.
    const [programPart, inversePart] =
      open.kind === 'inverse' ? [inverse, mainProgram] : [mainProgram, inverse];
    return {
      type: 'BlockStatement',
      path: open.path,
      params: open.params,
      hash: open.hash,
      program: programPart,
      inverse: inversePart,
    } as unknown as hbs.AST.BlockStatement;
  }

  /** `name}}` after `{{/`: Handlebars requires the opener's path, as written. */
  private closeBlock(open: Open): void {
    const name = this.helperName();
    if (this.next().type !== 'close') outside();
    if (open.path.type !== 'PathExpression' || name.type !== 'PathExpression') outside();
    if ((name as hbs.AST.PathExpression).original !== (open.path as hbs.AST.PathExpression).original)
      outside();
  }

  /** `helperName param* hash?` */
  private call(): {
    path: hbs.AST.PathExpression | hbs.AST.Literal;
    params: hbs.AST.Expression[];
    hash?: hbs.AST.Hash;
  } {
    const path = this.helperName();
    const params: hbs.AST.Expression[] = [];
    const pairs: hbs.AST.HashPair[] = [];
    for (;;) {
      const token = this.peek();
      if (token.type === 'id' && this.peekEquals()) {
        this.next();
        this.next();
        pairs.push({ type: 'HashPair', key: token.value, value: this.param() } as hbs.AST.HashPair);
      } else if (
        pairs.length === 0 &&
        (token.type === 'id' ||
          token.type === 'data' ||
          token.type === 'literal' ||
          token.type === 'open-sexpr')
      ) {
        params.push(this.param());
      } else break;
    }
    return { path, params, hash: pairs.length ? ({ type: 'Hash', pairs } as hbs.AST.Hash) : undefined };
  }

  private param(): hbs.AST.Expression {
    if (this.peek().type !== 'open-sexpr') return this.helperName();
    this.next();
    const { path, params, hash } = this.call();
    if (this.next().type !== 'close-sexpr') outside();
    return { type: 'SubExpression', path, params, hash } as unknown as hbs.AST.SubExpression;
  }

  /** A path (`a.b`, `../a`, `this/a`), data (`@index`, `@root.a`) or a literal. */
  private helperName(): hbs.AST.PathExpression | hbs.AST.Literal {
    const first = this.next();
    if (first.type === 'literal') return first.node;
    const data = first.type === 'data';
    const head = data ? this.next() : first;
    if (head.type !== 'id') outside();
    let original = data ? '@' : '';
    const parts: string[] = [];
    let depth = 0;
    let segment: Token = head;
    for (;;) {
      const part = (segment as { value: string }).value;
      if (part === '..' || part === '.' || part === 'this') {
        if (parts.length > 0 || data) outside(); // Handlebars: "Invalid path"
        if (part === '..') depth++;
      } else parts.push(part);
      original += part;
      if (this.peek().type !== 'sep') break;
      const separator = this.next() as { value: string };
      segment = this.next();
      if (segment.type !== 'id') outside();
      original += separator.value;
    }
    const { line, column } = this.at(first.offset);
    return {
      type: 'PathExpression',
      data,
      depth,
      parts,
      original,
      loc: { start: { line, column: column - 1 } },
    } as unknown as hbs.AST.PathExpression;
  }

  private peekEquals(): boolean {
    // An ID is only followed by `=` (after spaces) in a hash pair.
    SPACE.lastIndex = this.index;
    SPACE.test(this.text);
    return this.text[SPACE.lastIndex] === '=';
  }

  private peek(): Token {
    this.peeked ??= this.lex();
    return this.peeked;
  }

  private next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  /** One token inside `{{ }}`, as Handlebars' lexer reads it (its rules in order). */
  private lex(): Token {
    const { text } = this;
    SPACE.lastIndex = this.index;
    SPACE.test(text);
    const offset = SPACE.lastIndex;
    const char = text[offset];
    if (char === undefined) return outside();
    if (text.startsWith('}}}}', offset) || text.startsWith('{{', offset)) outside();
    if (char === '(') return this.token(1, { type: 'open-sexpr', offset });
    if (char === ')') return this.token(1, { type: 'close-sexpr', offset });
    if (char === '=') return this.token(1, { type: 'equals', offset });
    if (char === '}' || (char === '~' && text[offset + 1] === '}')) {
      const tilde = char === '~' ? 1 : 0;
      if (!tilde && /^\}~?\}\}/.test(text.slice(offset, offset + 4))) {
        return this.token(text[offset + 1] === '~' ? 4 : 3, { type: 'close-unescaped', offset });
      }
      if (text.startsWith('}}', offset + tilde)) return this.token(tilde + 2, { type: 'close', offset });
      return outside();
    }
    if (text.startsWith('..', offset)) return this.token(2, { type: 'id', value: '..', offset });
    if (char === '.' && AFTER_ID.test(text[offset + 1] ?? ''))
      return this.token(1, { type: 'id', value: '.', offset });
    if (char === '/' || char === '.') return this.token(1, { type: 'sep', value: char, offset });
    if (char === '"' || char === "'") return this.string(offset, char);
    if (char === '@') return this.token(1, { type: 'data', offset });
    const word = LITERAL_WORDS[char];
    if (word && text.startsWith(word, offset) && AFTER_LITERAL.test(text[offset + word.length] ?? '')) {
      return this.token(word.length, { type: 'literal', node: LITERALS[word]!(), offset });
    }
    NUMBER.lastIndex = offset;
    const number = NUMBER.exec(text)?.[0];
    if (number && AFTER_LITERAL.test(text[offset + number.length] ?? '')) {
      this.index = offset + number.length;
      const node = { type: 'NumberLiteral', value: Number(number), original: Number(number) };
      return { type: 'literal', node: node as hbs.AST.NumberLiteral, offset };
    }
    PARAMS.lastIndex = offset;
    if (PARAMS.test(text)) return this.token(PARAMS.lastIndex - offset, { type: 'open-params', offset });
    if (char === '|') return this.token(1, { type: 'close-params', offset });
    ID.lastIndex = offset;
    const id = ID.exec(text)?.[0];
    if (!id || !AFTER_ID.test(text[offset + id.length] ?? '')) return outside();
    this.index = offset + id.length;
    return { type: 'id', value: id, offset };
  }

  private token(length: number, token: Token): Token {
    this.index = token.offset + length;
    return token;
  }

  /** `"..."` or `'...'`, where only `\"` (or `\'`) is an escape. */
  private string(offset: number, quote: string): Token {
    const { text } = this;
    let end = offset + 1;
    for (;;) {
      if (end >= text.length) outside();
      if (text[end] === '\\' && text[end + 1] === quote) end += 2;
      else if (text[end] === quote) break;
      else end++;
    }
    this.index = end + 1;
    const value = text.slice(offset + 1, end).replaceAll(`\\${quote}`, quote);
    return {
      type: 'literal',
      node: { type: 'StringLiteral', value, original: value } as hbs.AST.StringLiteral,
      offset,
    };
  }
}

function program(body: hbs.AST.Statement[], blockParams?: string[]): hbs.AST.Program {
  return { type: 'Program', body, blockParams } as unknown as hbs.AST.Program;
}
