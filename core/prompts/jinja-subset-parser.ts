import { OUTSIDE_SUBSET, SubsetLexer, type SubsetToken, type TokenType } from './jinja-subset-lexer';
import { binary, call, list, literal, lookupVal, node, pair, symbolNode, unary } from './jinja-subset-nodes';
import type { JinjaNode } from './nunjucks-internals';

const SLICE_PARTS = ['start', 'stop', 'step'] as const;

/**
 * nunjucks' binary operators below comparison, each its own level of its ladder (so `-` binds tighter
 * than `+`, `/` than `*`), lowest first: `~`, `+`, `-`, `*`, `/`, `//`, `%`, `**`.
 */
const BINARY_LEVELS: Record<string, { level: number; typename: string }> = {
  '~': { level: 0, typename: 'Concat' },
  '+': { level: 1, typename: 'Add' },
  '-': { level: 2, typename: 'Sub' },
  '*': { level: 3, typename: 'Mul' },
  '/': { level: 4, typename: 'Div' },
  '//': { level: 5, typename: 'FloorDiv' },
  '%': { level: 6, typename: 'Mod' },
  '**': { level: 7, typename: 'Pow' },
};
const COMPARE_OPERATORS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=']);
const CLOSERS = new Set<TokenType>(['right-paren', 'right-bracket', 'right-curly']);

/**
 * The Jinja subset that prompts and chat templates are written in, parsed into the nodes nunjucks
 * builds (same types, same fields) for the scope walker, or `undefined` for a template outside it: a
 * syntax error, raw blocks, `switch`, async tags, regex literals, the spellings `parseJinja` rewrites
 * (`{%+`, `+%}`, `recursive`), and any construct where this parser is not sure to agree with
 * nunjucks. Those go through `parseJinja`, which gives the error or the AST, so every message and
 * position stays what nunjucks says. A port of nunjucks' recursive descent (with jinja-parser.ts's
 * slices, chained inline `if` and extension tags), with a lexer that skips prose in one search, no
 * nodes for text, and positions only on `Symbol` nodes (the only ones the walker reads); other nodes
 * carry -1. A test checks that both parsers agree.
 */
export function parseJinjaSubset(text: string): JinjaNode | undefined {
  try {
    return new SubsetParser(text).root();
  } catch (error) {
    if (error === OUTSIDE_SUBSET) return undefined;
    throw error;
  }
}

function outside(): never {
  throw OUTSIDE_SUBSET;
}

class SubsetParser {
  private readonly lexer: SubsetLexer;
  private peeked: SubsetToken | undefined;
  private breakOnBlocks: readonly string[] | undefined;
  /** The line (0-based) of the last name, where that line starts, and how far newlines are counted. */
  private line = 0;
  private lineStart = 0;
  private counted = 0;

  constructor(private readonly text: string) {
    this.lexer = new SubsetLexer(text);
  }

  root(): JinjaNode {
    const children = this.nodes();
    if (this.peek().type !== 'eof') outside();
    return list('Root', children);
  }

  // Tokens, as the nunjucks parser takes them: one may be pushed back between reads.

  private next(): SubsetToken {
    const token = this.peeked ?? this.lexer.next();
    this.peeked = undefined;
    return token;
  }

  private peek(): SubsetToken {
    this.peeked ??= this.lexer.next();
    return this.peeked;
  }

  private skip(type: TokenType): boolean {
    if (this.peek().type !== type) return false;
    this.peeked = undefined;
    return true;
  }

  private skipValue(type: TokenType, value: string): boolean {
    const token = this.peek();
    if (token.type !== type || token.value !== value) return false;
    this.peeked = undefined;
    return true;
  }

  private skipSymbol(value: string): boolean {
    return this.skipValue('symbol', value);
  }

  private symbol(token: SubsetToken, value = token.value): JinjaNode {
    const { offset } = token;
    // Names come in text order (but for `caller`), so newlines are counted on from the last one.
    if (offset < this.lineStart) {
      this.line = 0;
      this.lineStart = 0;
      this.counted = 0;
    }
    const { text } = this;
    for (let newline = text.indexOf('\n', this.counted); newline !== -1 && newline < offset; ) {
      this.line++;
      this.lineStart = newline + 1;
      newline = text.indexOf('\n', newline + 1);
    }
    this.counted = offset;
    return symbolNode(value, this.line, offset - this.lineStart);
  }

  private advanceAfterBlockEnd(name?: string): void {
    if (name === undefined) {
      if (this.next().type !== 'symbol') outside();
    }
    if (this.next().type !== 'block-end') outside();
  }

  // Statements.

  private nodes(): JinjaNode[] {
    const out: JinjaNode[] = [];
    for (let token = this.next(); token.type !== 'eof'; token = this.next()) {
      if (token.type === 'block-start') {
        const statement = this.statement();
        if (!statement) break;
        out.push(statement);
      } else if (token.type === 'variable-start') {
        const expression = this.expression();
        if (this.next().type !== 'variable-end') outside();
        out.push(list('Output', [expression]));
      } else if (token.type !== 'data' && token.type !== 'comment') outside();
    }
    return out;
  }

  private until(...names: string[]): JinjaNode {
    const previous = this.breakOnBlocks;
    this.breakOnBlocks = names;
    const body = list('NodeList', this.nodes());
    this.breakOnBlocks = previous;
    return body;
  }

  private statement(): JinjaNode | null {
    const token = this.peek();
    if (token.type !== 'symbol') outside();
    if (this.breakOnBlocks?.includes(token.value)) return null;
    switch (token.value) {
      case 'if':
        return this.if();
      case 'for':
        return this.for();
      case 'block':
        return this.block();
      case 'extends':
      case 'include':
        return this.templateRef(token.value);
      case 'set':
        return this.set();
      case 'macro':
        return this.macro();
      case 'call':
        return this.call();
      case 'import':
        return this.import();
      case 'from':
        return this.from();
      case 'filter':
        return this.filterStatement();
      case 'with':
        return this.with();
      case 'break':
      case 'continue':
        this.next();
        this.advanceAfterBlockEnd(token.value);
        return node('LoopControl', { name: token.value });
      case 'generation': {
        this.next();
        this.advanceAfterBlockEnd(token.value);
        const body = this.until('endgeneration');
        this.advanceAfterBlockEnd();
        return node('Generation', { body });
      }
      default:
        // raw, verbatim, switch, the async tags, and unknown tags (errors)
        return outside();
    }
  }

  private if(): JinjaNode {
    const tag = this.next();
    const cond = this.expression();
    this.advanceAfterBlockEnd(tag.value);
    const body = this.until('elif', 'elseif', 'else', 'endif');
    const next = this.peek();
    let otherwise: JinjaNode | null = null;
    if (next.type === 'symbol' && (next.value === 'elif' || next.value === 'elseif')) otherwise = this.if();
    else if (next.type === 'symbol' && next.value === 'else') {
      this.advanceAfterBlockEnd();
      otherwise = this.until('endif');
      this.advanceAfterBlockEnd();
    } else if (next.type === 'symbol' && next.value === 'endif') this.advanceAfterBlockEnd();
    else outside();
    return node('If', { cond, body, else_: otherwise });
  }

  private for(): JinjaNode {
    this.next();
    let name = this.primary();
    if (name.typename !== 'Symbol') outside();
    if (this.peek().type === 'comma') {
      const names = [name];
      while (this.skip('comma')) names.push(this.primary());
      name = list('Array', names);
    }
    if (!this.skipSymbol('in')) outside();
    const arr = this.expression();
    this.advanceAfterBlockEnd('for');
    const body = this.until('endfor', 'else');
    let otherwise: JinjaNode | null = null;
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      otherwise = this.until('endfor');
    }
    this.advanceAfterBlockEnd();
    return node('For', { arr, name, body, else_: otherwise });
  }

  private block(): JinjaNode {
    this.next();
    const name = this.primary();
    if (name.typename !== 'Symbol') outside();
    this.advanceAfterBlockEnd('block');
    const body = this.until('endblock');
    this.skipSymbol('endblock');
    this.skipSymbol(name.value as string);
    this.advanceAfterBlockEnd('endblock');
    return node('Block', { name, body });
  }

  private templateRef(tag: 'extends' | 'include'): JinjaNode {
    this.next();
    const template = this.expression();
    if (tag === 'extends') {
      this.advanceAfterBlockEnd(tag);
      return node('Extends', { template });
    }
    let ignoreMissing: true | null = null;
    if (this.skipSymbol('ignore') && this.skipSymbol('missing')) ignoreMissing = true;
    this.advanceAfterBlockEnd(tag);
    return node('Include', { template, ignoreMissing });
  }

  private set(): JinjaNode {
    this.next();
    const targets: JinjaNode[] = [];
    do targets.push(this.primary());
    while (this.skip('comma'));
    if (this.skipValue('operator', '=')) {
      const value = this.expression();
      this.advanceAfterBlockEnd('set');
      return node('Set', { targets, value });
    }
    if (!this.skip('block-end')) outside();
    const body = node('Capture', { body: this.until('endset') });
    this.advanceAfterBlockEnd();
    return node('Set', { targets, value: null, body });
  }

  private macro(): JinjaNode {
    this.next();
    const name = this.primary(true);
    if (name.typename !== 'Symbol') outside();
    const args = this.signature(false)!;
    this.advanceAfterBlockEnd('macro');
    const body = this.until('endmacro');
    this.advanceAfterBlockEnd();
    return node('Macro', { name, args, body });
  }

  /** `{% call(args) macro(...) %}`: the macro call, with a `caller` keyword argument for the body. */
  private call(): JinjaNode {
    const tag = this.next();
    const callerArgs = this.signature(true) ?? list('NodeList');
    const macroCall = this.primary();
    if (macroCall.typename !== 'FunCall') outside();
    this.advanceAfterBlockEnd('call');
    const body = this.until('endcall');
    this.advanceAfterBlockEnd();
    const callerName = this.symbol(tag, 'caller');
    const caller = node('Caller', { name: callerName, args: callerArgs, body });
    const args = (macroCall.args as JinjaNode).children as JinjaNode[];
    if (args.at(-1)?.typename !== 'KeywordArgs') args.push(list('KeywordArgs'));
    (args.at(-1)!.children as JinjaNode[]).push(pair(callerName, caller));
    return list('Output', [macroCall]);
  }

  private withContext(): boolean | null {
    let withContext: boolean | null = null;
    if (this.skipSymbol('with')) withContext = true;
    else if (this.skipSymbol('without')) withContext = false;
    if (withContext !== null && !this.skipSymbol('context')) outside();
    return withContext;
  }

  private import(): JinjaNode {
    this.next();
    const template = this.expression();
    if (!this.skipSymbol('as')) outside();
    const target = this.expression();
    const withContext = this.withContext();
    this.advanceAfterBlockEnd('import');
    return node('Import', { template, target, withContext });
  }

  private from(): JinjaNode {
    this.next();
    const template = this.expression();
    if (!this.skipSymbol('import')) outside();
    const names: JinjaNode[] = [];
    let withContext: boolean | null = null;
    for (;;) {
      if (this.skip('block-end')) {
        if (names.length === 0) outside();
        break;
      }
      if (names.length > 0 && !this.skip('comma')) outside();
      const name = this.primary();
      if (name.typename !== 'Symbol' || (name.value as string).startsWith('_')) outside();
      if (this.skipSymbol('as')) names.push(pair(name, this.primary()));
      else names.push(name);
      withContext = this.withContext();
    }
    return node('FromImport', { template, names: list('NodeList', names), withContext });
  }

  private filterStatement(): JinjaNode {
    this.next();
    const name = this.filterName();
    const args = this.filterArgs(name);
    this.advanceAfterBlockEnd('filter');
    const body = node('Capture', { body: this.until('endfilter') });
    this.advanceAfterBlockEnd();
    const filter = node('Filter', { name, args: list('NodeList', [body, ...args]) });
    return list('Output', [filter]);
  }

  /** `{% with a = x, b = y %}...{% endwith %}`, as the `with` extension parses it. */
  private with(): JinjaNode {
    this.next();
    const assignments: JinjaNode[] = [];
    while (this.peek().type !== 'block-end') {
      if (assignments.length > 0 && !this.skip('comma')) outside();
      const name = this.primary(true);
      if (name.typename !== 'Symbol' || !this.skipValue('operator', '=')) outside();
      assignments.push(pair(name, this.expression()));
    }
    this.advanceAfterBlockEnd('with');
    const body = this.until('endwith');
    this.advanceAfterBlockEnd();
    return node('With', { assignments, body });
  }

  // Expressions: nunjucks' precedence ladder, top to bottom.

  private expression(): JinjaNode {
    const first = this.inlineIf();
    // Jinja chains `a if b else c if d else e`; nunjucks stops after the first (jinja-parser.ts).
    let tail = first;
    while (tail.typename === 'InlineIf' && tail.else_ && this.skipSymbol('if')) {
      const body = tail.else_ as JinjaNode;
      const cond = this.or();
      const otherwise = this.skipSymbol('else') ? this.or() : null;
      const chained = node('InlineIf', { cond, body, else_: otherwise });
      tail.else_ = chained;
      tail = chained;
    }
    return first;
  }

  private inlineIf(): JinjaNode {
    const body = this.or();
    if (!this.skipSymbol('if')) return body;
    const cond = this.or();
    const otherwise = this.skipSymbol('else') ? this.or() : null;
    return node('InlineIf', { cond, body, else_: otherwise });
  }

  private or(): JinjaNode {
    let left = this.and();
    while (this.skipSymbol('or')) left = binary('Or', left, this.and());
    return left;
  }

  private and(): JinjaNode {
    let left = this.not();
    while (this.skipSymbol('and')) left = binary('And', left, this.not());
    return left;
  }

  private not(): JinjaNode {
    if (this.skipSymbol('not')) return unary('Not', this.not());
    return this.in();
  }

  private in(): JinjaNode {
    let left = this.is();
    for (;;) {
      const invert = this.skipSymbol('not');
      if (this.skipSymbol('in')) {
        left = binary('In', left, this.is());
        if (invert) left = unary('Not', left);
      } else {
        // nunjucks cannot push `not` back once it has peeked past it: an error there.
        if (invert) outside();
        return left;
      }
    }
  }

  private is(): JinjaNode {
    const left = this.compare();
    if (!this.skipSymbol('is')) return left;
    const not = this.skipSymbol('not');
    const test = binary('Is', left, this.compare());
    return not ? unary('Not', test) : test;
  }

  private compare(): JinjaNode {
    const expr = this.binary(0);
    const ops: JinjaNode[] = [];
    for (;;) {
      const token = this.peek();
      // nunjucks matches the token's value whatever its type; a string "==" would count too.
      if (!COMPARE_OPERATORS.has(token.value)) break;
      if (token.type !== 'operator') outside();
      this.next();
      ops.push(node('CompareOperand', { expr: this.binary(0), type: token.value }));
    }
    return ops.length ? node('Compare', { expr, ops }) : expr;
  }

  /**
   * Concat, Add, Sub, Mul, Div, FloorDiv, Mod, Pow, by precedence climbing: the same left-associative
   * trees as nunjucks' ladder of one function per level, with one call per operand instead of eight.
   */
  private binary(min: number): JinjaNode {
    let left = this.unary(false);
    for (;;) {
      const token = this.peek();
      const operator =
        token.type === 'operator' || token.type === 'tilde' ? BINARY_LEVELS[token.value] : undefined;
      if (!operator || operator.level < min) return left;
      this.next();
      left = binary(operator.typename, left, this.binary(operator.level + 1));
    }
  }

  private unary(noFilters: boolean): JinjaNode {
    let operand: JinjaNode;
    if (this.skipValue('operator', '-')) operand = unary('Neg', this.unary(true));
    else if (this.skipValue('operator', '+')) operand = unary('Pos', this.unary(true));
    else operand = this.primary();
    return noFilters ? operand : this.filters(operand);
  }

  private primary(noPostfix = false): JinjaNode {
    const token = this.next();
    let result: JinjaNode;
    switch (token.type) {
      case 'string':
        result = literal(token.value);
        break;
      case 'int':
        result = literal(Number.parseInt(token.value, 10));
        break;
      case 'float':
        result = literal(Number.parseFloat(token.value));
        break;
      case 'boolean':
        result = literal(token.value === 'true');
        break;
      case 'none':
        result = literal(null);
        break;
      case 'symbol':
        result = this.symbol(token);
        break;
      default:
        result = this.aggregate(token);
    }
    return noPostfix ? result : this.postfix(result);
  }

  private aggregate(open: SubsetToken): JinjaNode {
    const typename =
      open.type === 'left-paren'
        ? 'Group'
        : open.type === 'left-bracket'
          ? 'Array'
          : open.type === 'left-curly'
            ? 'Dict'
            : outside();
    const children: JinjaNode[] = [];
    for (;;) {
      // nunjucks lets any closer end any aggregate.
      if (CLOSERS.has(this.peek().type)) {
        this.next();
        break;
      }
      if (children.length > 0 && !this.skip('comma')) outside();
      if (typename === 'Dict') {
        const key = this.primary();
        if (!this.skip('colon')) outside();
        children.push(pair(key, this.expression()));
        continue;
      }
      // A colon first or after the first item fails nunjucks' list, and jinja-compat retries a slice.
      if (typename === 'Array' && children.length === 0 && this.peek().type === 'colon') return this.slice();
      children.push(this.expression());
      if (typename === 'Array' && children.length === 1 && this.peek().type === 'colon') {
        return this.slice(children[0]);
      }
    }
    return list(typename, children);
  }

  /**
   * jinja-compat's slice `[start:stop:step]` after `[`, as a list of one `Slice`: each part an
   * expression or left out (a colon takes its place), only `]` closes, and a fourth part is an error.
   */
  private slice(start?: JinjaNode): JinjaNode {
    const parts: Record<(typeof SLICE_PARTS)[number], JinjaNode> = {
      start: start ?? literal(null),
      stop: literal(null),
      step: literal(1),
    };
    let isSlice = start !== undefined && this.skip('colon');
    for (let index = start === undefined ? 0 : 1; ; index++) {
      if (this.skip('right-bracket')) break;
      if (index === SLICE_PARTS.length) outside();
      if (this.skip('colon')) isSlice = true;
      else {
        parts[SLICE_PARTS[index]!] = this.expression();
        isSlice = this.skip('colon') || isSlice;
      }
    }
    if (!isSlice) outside();
    return list('Array', [node('Slice', parts)]);
  }

  private postfix(target: JinjaNode): JinjaNode {
    let result = target;
    for (;;) {
      const token = this.peek();
      if (token.type === 'left-paren') {
        result = call('FunCall', result, this.signature(false)!);
      } else if (token.type === 'left-bracket') {
        this.next();
        const lookup = this.aggregate(token);
        const children = lookup.children as JinjaNode[];
        if (children.length > 1) outside();
        result = lookupVal(result, children[0] ?? null);
      } else if (token.type === 'operator' && token.value === '.') {
        this.next();
        const name = this.next();
        if (name.type !== 'symbol') outside();
        result = lookupVal(result, literal(name.value));
      } else return result;
    }
  }

  /** `(a, b=c)`: positional arguments, then keyword arguments as one `KeywordArgs` at the end. */
  private signature(tolerant: boolean): JinjaNode | null {
    if (this.peek().type !== 'left-paren') return tolerant ? null : outside();
    this.next();
    const args: JinjaNode[] = [];
    const kwargs: JinjaNode[] = [];
    let checkComma = false;
    for (;;) {
      if (this.skip('right-paren')) break;
      if (checkComma && !this.skip('comma')) outside();
      const arg = this.expression();
      if (this.skipValue('operator', '=')) kwargs.push(pair(arg, this.expression()));
      else args.push(arg);
      checkComma = true;
    }
    if (kwargs.length) args.push(list('KeywordArgs', kwargs));
    return list('NodeList', args);
  }

  private filterName(): JinjaNode {
    const first = this.next();
    if (first.type !== 'symbol') outside();
    let name = first.value;
    while (this.skipValue('operator', '.')) {
      const part = this.next();
      if (part.type !== 'symbol') outside();
      name += `.${part.value}`;
    }
    return this.symbol(first, name);
  }

  /** A filter's own arguments; nunjucks parses them as a call on the operand and keeps the arguments. */
  private filterArgs(operand: JinjaNode): JinjaNode[] {
    if (this.peek().type !== 'left-paren') return [];
    const call = this.postfix(operand);
    if (call.typename !== 'FunCall') outside();
    return (call.args as JinjaNode).children as JinjaNode[];
  }

  private filters(operand: JinjaNode): JinjaNode {
    let result = operand;
    while (this.skip('pipe')) {
      const name = this.filterName();
      result = call('Filter', name, list('NodeList', [result, ...this.filterArgs(result)]));
    }
    return result;
  }
}
