import type HandlebarsModule from 'handlebars';
import { parseHandlebarsSubset } from './handlebars-subset-parser';
import { handlebarsNesting } from './template-nesting';
import { type Fallback, failedScan, type TemplateScan, type VariableUse } from './template-scan';

/** One level of Handlebars context: the root (the caller's data) or what a block iterates or enters. */
interface Context {
  root: boolean;
  /** Block parameters (`as |item index|`) this block introduces; nested blocks see them too. */
  params: ReadonlySet<string>;
  /** Names an enclosing `{{#if}}` / `{{#unless}}` has tested on this level. */
  guarded: ReadonlySet<string>;
}

type Expression = hbs.AST.Expression;

/** Handlebars itself, loaded only when a template leaves our subset: most lint runs never need it. */
function handlebars(): typeof HandlebarsModule {
  return require('handlebars') as typeof HandlebarsModule;
}

/**
 * The variables of a Handlebars template, from the AST `parseWithoutProcessing` keeps positions in.
 * A helper's name is not a variable (`{{#each}}`, `{{lookup a b}}`, any call with arguments), but its
 * arguments are. Only names that resolve against the root data are checked: inside `#each`, `#with`,
 * a section or a custom block helper the context changes, so plain names there resolve against it
 * (reported as `context`), unless they climb back with `../` or name `@root.x`. Block parameters
 * (`as |item|`) bind names, `@index` / `@key` / `@first` / `@last` are data, and `{{#if x}}` guards `x`.
 */
export function scanHandlebars(text: string): TemplateScan {
  const tooDeep = handlebarsNesting(text);
  if (tooDeep) return failedScan(tooDeep);
  // Most templates stay inside the subset our own parser reads quickly; Handlebars reads the others.
  let program = parseHandlebarsSubset(text);
  try {
    program ??= handlebars().parseWithoutProcessing(text);
  } catch (error) {
    const at = handlebarsError(error as Error);
    return failedScan({ severity: 'error', ...at, message: syntaxMessage(error as Error, text, at) });
  }
  return { uses: handlebarsVariableUses(program), problems: [], complete: true };
}

/** The reads of a parsed template, by the scoping rules above. */
export function handlebarsVariableUses(program: hbs.AST.Program): VariableUse[] {
  const uses: VariableUse[] = [];
  walkProgram(program, [{ root: true, params: new Set(), guarded: new Set() }], uses);
  return uses;
}

function walkProgram(program: hbs.AST.Program | undefined, stack: Context[], uses: VariableUse[]): void {
  for (const statement of program?.body ?? []) walkStatement(statement, stack, uses);
}

function walkStatement(node: hbs.AST.Statement, stack: Context[], uses: VariableUse[]): void {
  switch (node.type) {
    case 'MustacheStatement': {
      const mustache = node as hbs.AST.MustacheStatement;
      if (isCall(mustache)) walkArguments(mustache, stack, uses);
      else walkExpression(mustache.path, stack, uses);
      return;
    }
    case 'BlockStatement':
      walkBlock(node as hbs.AST.BlockStatement, stack, uses);
      return;
    case 'PartialStatement':
    case 'PartialBlockStatement': {
      const partial = node as hbs.AST.PartialStatement & { program?: hbs.AST.Program };
      // The partial's name is a template name, unless computed by a subexpression.
      if (partial.name.type === 'SubExpression') walkExpression(partial.name, stack, uses);
      walkArguments(partial, stack, uses);
      walkProgram(partial.program, stack, uses);
      return;
    }
    case 'DecoratorBlock':
      // `{{#*inline "name"}}` defines a partial: its context is whatever it is later called with.
      walkProgram((node as hbs.AST.BlockStatement).program, [...stack, opaque(new Set())], uses);
      return;
    default:
    // Content, comments and decorators read nothing.
  }
}

const GUARDS = new Set(['if', 'unless']);
const CONTEXT_BLOCKS = new Set(['each', 'with']);

function walkBlock(block: hbs.AST.BlockStatement, stack: Context[], uses: VariableUse[]): void {
  const helper = block.path.type === 'PathExpression' ? block.path.original : '';
  const params = new Set(block.program?.blockParams ?? []);
  if (GUARDS.has(helper)) {
    const before = uses.length;
    walkArguments(block, stack, uses);
    if (uses.length > before && block.params[0]?.type === 'PathExpression') uses[before]!.tested = true;
    const tested = guardedName(block.params[0]);
    const withGuard = tested ? guardedBy(stack, tested) : stack;
    walkProgram(block.program, helper === 'if' ? withGuard : stack, uses);
    walkProgram(block.inverse, helper === 'unless' ? withGuard : stack, uses);
    return;
  }
  if (CONTEXT_BLOCKS.has(helper) || isCall(block)) {
    const before = uses.length;
    walkArguments(block, stack, uses);
    // Iterating or entering nothing renders nothing: the value is tested, like a section's.
    if (CONTEXT_BLOCKS.has(helper) && uses.length > before && block.params[0]?.type === 'PathExpression') {
      uses[before]!.tested = true;
    }
  } else {
    // A section, `{{#items}}...{{/items}}`: the path is a variable of the current context, tested.
    const before = uses.length;
    walkExpression(block.path, stack, uses);
    if (uses.length > before) uses[before]!.tested = true;
  }
  // Inside, the context is what the block enters (or, for a custom helper, whatever it passes).
  walkProgram(block.program, [...stack, opaque(params)], uses);
  walkProgram(block.inverse, stack, uses);
}

function isCall(node: { params: Expression[]; hash?: hbs.AST.Hash }): boolean {
  return node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
}

function walkArguments(
  node: { params: Expression[]; hash?: hbs.AST.Hash },
  stack: Context[],
  uses: VariableUse[],
): void {
  for (const param of node.params) walkExpression(param, stack, uses);
  for (const pair of node.hash?.pairs ?? []) walkExpression(pair.value, stack, uses);
}

function walkExpression(node: Expression, stack: Context[], uses: VariableUse[]): void {
  if (node.type === 'SubExpression') walkArguments(node as hbs.AST.SubExpression, stack, uses);
  else if (node.type === 'PathExpression') readPath(node as hbs.AST.PathExpression, stack, uses);
}

function readPath(path: hbs.AST.PathExpression, stack: Context[], uses: VariableUse[]): void {
  const at = { line: path.loc.start.line, column: path.loc.start.column + 1 };
  if (path.data) {
    // `@root.x` reads the root's `x`; `@index`, `@key`, `@first`, `@last` are the block's own data.
    const [first, name] = path.parts;
    if (first === 'root' && name) uses.push({ name, ...at, length: path.original.length, fallback: 'none' });
    return;
  }
  const [head] = path.parts;
  if (head === undefined) return; // `{{this}}`, `{{.}}`
  const explicit = /^(this\b|\.\/)/.test(path.original);
  if (!explicit && path.depth === 0 && stack.some((context) => context.params.has(head))) return;
  const context = stack[Math.max(0, stack.length - 1 - path.depth)]!;
  const fallback: Fallback = !context.root ? 'context' : context.guarded.has(head) ? 'guard' : 'none';
  uses.push({ name: head, ...at, length: path.original.length, fallback });
}

function guardedName(param: Expression | undefined): string | undefined {
  if (param?.type !== 'PathExpression') return undefined;
  const path = param as hbs.AST.PathExpression;
  return path.data || path.depth > 0 || path.parts.length !== 1 ? undefined : path.parts[0];
}

function guardedBy(stack: Context[], name: string): Context[] {
  const top = stack[stack.length - 1]!;
  return [...stack.slice(0, -1), { ...top, guarded: new Set([...top.guarded, name]) }];
}

function opaque(params: ReadonlySet<string>): Context {
  return { root: false, params, guarded: new Set() };
}

/**
 * Handlebars raises two kinds of error: its own `Exception` with `lineNumber` / `column` (a block
 * closed by the wrong name), and the generated parser's, which carries only a text excerpt; the
 * shared lexer still holds the offending token's position then.
 */
function handlebarsError(error: Error): { line: number; column: number } {
  const located = error as Error & { lineNumber?: number; column?: number };
  if (located.lineNumber !== undefined)
    return { line: located.lineNumber, column: (located.column ?? 0) + 1 };
  const parser = (
    handlebars() as unknown as {
      Parser: { lexer: { yylloc?: { first_line: number; first_column: number } } };
    }
  ).Parser;
  const at = parser.lexer.yylloc;
  return at ? { line: at.first_line, column: at.first_column + 1 } : { line: 1, column: 1 };
}

/** The generated parser names tokens (`CLOSE`, `INVALID`); the text at the position says more. */
function syntaxMessage(error: Error, text: string, at: { line: number; column: number }): string {
  const got = /got '(\w+)'$/.exec(error.message)?.[1];
  if (got === undefined) {
    return `template syntax error: ${error.message.split('\n')[0]!.replace(/ - \d+:\d+$/, '')}`;
  }
  if (got === 'EOF') return 'template syntax error: unexpected end of template (a block is not closed)';
  const lines = text.split('\n');
  const rest = [(lines[at.line - 1] ?? '').slice(at.column - 1), ...lines.slice(at.line)].join('\n');
  if (!rest.includes('}}')) return 'template syntax error: a tag is not closed with }}';
  return `template syntax error: unexpected ${JSON.stringify(rest.slice(0, 2).trim() || rest.slice(0, 1))}`;
}
