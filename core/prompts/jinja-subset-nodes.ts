import type { JinjaNode } from './nunjucks-internals';

// The nodes the Jinja subset parser builds: plain objects of nunjucks' node types and fields.

/** Each node type's fields, in nunjucks' order (the walker visits unknown nodes field by field). */
const FIELDS: Record<string, readonly string[]> = {
  Root: ['children'],
  NodeList: ['children'],
  Output: ['children'],
  Group: ['children'],
  Array: ['children'],
  Dict: ['children'],
  KeywordArgs: ['children'],
  Capture: ['body'],
  Literal: ['value'],
  Symbol: ['value'],
  Pair: ['key', 'value'],
  LookupVal: ['target', 'val'],
  If: ['cond', 'body', 'else_'],
  InlineIf: ['cond', 'body', 'else_'],
  For: ['arr', 'name', 'body', 'else_'],
  Macro: ['name', 'args', 'body'],
  Caller: ['name', 'args', 'body'],
  Import: ['template', 'target', 'withContext'],
  FromImport: ['template', 'names', 'withContext'],
  FunCall: ['name', 'args'],
  Filter: ['name', 'args'],
  Block: ['name', 'body'],
  Extends: ['template'],
  Include: ['template', 'ignoreMissing'],
  Set: ['targets', 'value'],
  Compare: ['expr', 'ops'],
  CompareOperand: ['expr', 'type'],
  Not: ['target'],
  Neg: ['target'],
  Pos: ['target'],
  In: ['left', 'right'],
  Is: ['left', 'right'],
  Or: ['left', 'right'],
  And: ['left', 'right'],
  Add: ['left', 'right'],
  Concat: ['left', 'right'],
  Sub: ['left', 'right'],
  Mul: ['left', 'right'],
  Div: ['left', 'right'],
  FloorDiv: ['left', 'right'],
  Mod: ['left', 'right'],
  Pow: ['left', 'right'],
  With: ['assignments', 'body'],
  LoopControl: ['name'],
  Generation: ['body'],
  Slice: ['start', 'stop', 'step'],
};

/** A node of any type, with its fields given by name (statements: off the hot path). */
export function node(typename: string, props: Record<string, unknown>): JinjaNode {
  return { typename, fields: FIELDS[typename]!, lineno: -1, colno: -1, ...props };
}

// The nodes every expression makes, as literals of one shape each (no spread: this is the hot path).
const CHILDREN = ['children'];
const LEFT_RIGHT = ['left', 'right'];
const TARGET = ['target'];
export const VALUE = ['value'];
const KEY_VALUE = ['key', 'value'];
const TARGET_VAL = ['target', 'val'];
const NAME_ARGS = ['name', 'args'];

export function list(typename: string, children: JinjaNode[] = []): JinjaNode {
  return { typename, fields: CHILDREN, lineno: -1, colno: -1, children };
}

export function binary(typename: string, left: JinjaNode, right: JinjaNode): JinjaNode {
  return { typename, fields: LEFT_RIGHT, lineno: -1, colno: -1, left, right };
}

export function unary(typename: string, target: JinjaNode): JinjaNode {
  return { typename, fields: TARGET, lineno: -1, colno: -1, target };
}

export function literal(value: unknown): JinjaNode {
  return { typename: 'Literal', fields: VALUE, lineno: -1, colno: -1, value };
}

export function pair(key: JinjaNode, value: JinjaNode): JinjaNode {
  return { typename: 'Pair', fields: KEY_VALUE, lineno: -1, colno: -1, key, value };
}

export function lookupVal(target: JinjaNode, val: JinjaNode | null): JinjaNode {
  return { typename: 'LookupVal', fields: TARGET_VAL, lineno: -1, colno: -1, target, val };
}

export function call(typename: 'FunCall' | 'Filter', name: JinjaNode, args: JinjaNode): JinjaNode {
  return { typename, fields: NAME_ARGS, lineno: -1, colno: -1, name, args };
}

export function symbolNode(value: string, lineno: number, colno: number): JinjaNode {
  return { typename: 'Symbol', fields: VALUE, lineno, colno, value };
}
