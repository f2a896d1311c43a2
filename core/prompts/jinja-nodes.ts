// Small readers of the nunjucks AST, shared by the scope walker and the guard facts.
import type { JinjaNode } from './nunjucks-internals';

/** `is defined` names its test with a name; `is none`, `is true`, `is false` lex as literals. */
export function testName(test: JinjaNode): string {
  const named = test.typename === 'FunCall' ? (test.name as JinjaNode) : test;
  return named.typename === 'Literal'
    ? String(named.value).toLowerCase().replace('null', 'none')
    : String(named.value);
}

/** A nunjucks node or one of the subset parser's plain objects of the same shape. */
export function isNode(value: unknown): value is JinjaNode {
  return typeof (value as JinjaNode | null)?.typename === 'string';
}

export function isSymbol(value: unknown): value is JinjaNode {
  return isNode(value) && value.typename === 'Symbol';
}

export function children(node: unknown): JinjaNode[] {
  return isNode(node) && Array.isArray(node.children) ? (node.children as JinjaNode[]) : [];
}
