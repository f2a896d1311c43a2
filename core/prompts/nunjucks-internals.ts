import nunjucks from 'nunjucks';

/**
 * The parts of nunjucks the Jinja scanner builds on. They are public in the package (`parser`, `lexer`,
 * `nodes`, the extension API) but absent from @types/nunjucks, so they are typed here.
 */

/** A lexer token; `lineno` and `colno` are 0-based. */
export interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}

/** The nunjucks lexer: a cursor over the source with 0-based line and column. */
export interface Tokenizer {
  str: string;
  index: number;
  len: number;
  lineno: number;
  colno: number;
  nextToken(): Token | null;
  _extractMatching(breakOnMatch: boolean, charString: string): string | null;
}

/** An AST node. Which fields it has depends on `typename`; `fields` lists them. */
export interface JinjaNode {
  readonly typename: string;
  readonly fields: readonly string[];
  lineno: number;
  colno: number;
  [field: string]: unknown;
}

export interface NodeClass {
  new (lineno: number, colno: number, ...fields: unknown[]): JinjaNode;
  extend(name: string, props: { fields: string[] }): NodeClass;
}

export interface Parser {
  extensions: Extension[];
  parseAsRoot(): JinjaNode;
  parseAggregate(): JinjaNode | null;
  peekToken(): Token;
  nextToken(): Token | null;
  skip(type: string): boolean;
  skipValue(type: string, value: string): boolean;
  parsePrimary(noPostfix?: boolean): JinjaNode;
  parseExpression(): JinjaNode;
  parseInlineIf(): JinjaNode;
  parseOr(): JinjaNode;
  skipSymbol(value: string): boolean;
  parseUntilBlocks(...names: string[]): JinjaNode;
  advanceAfterBlockEnd(name?: string): Token;
  fail(message: string, lineno?: number, colno?: number): never;
}

export interface Extension {
  tags: string[];
  parse(parser: Parser, nodes: Nodes, lexer: Lexer): JinjaNode;
}

export type Nodes = Record<string, NodeClass> & { Node: NodeClass };

export interface Lexer {
  lex(src: string, opts?: object): Tokenizer;
  TOKEN_BLOCK_END: string;
  TOKEN_COMMA: string;
  TOKEN_OPERATOR: string;
  TOKEN_SYMBOL: string;
  TOKEN_INT: string;
  TOKEN_FLOAT: string;
  TOKEN_WHITESPACE: string;
}

interface Internals {
  parser: { Parser: new (tokens: Tokenizer) => Parser };
  lexer: Lexer;
  nodes: Nodes;
  installJinjaCompat(): () => void;
}

export const internals = nunjucks as unknown as Internals;
