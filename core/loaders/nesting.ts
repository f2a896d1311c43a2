import { type Document, isAlias, isCollection, isNode, isPair, isScalar } from 'yaml';

/**
 * How deep maps and lists may nest in a manifest, template or config. Real ones stay under 30 (a CRD's
 * openAPIV3Schema is among the deepest); every reader after the parse (the YAML library's own `toJS`
 * and `visit`, the workload readers) recurses once per level, and a few thousand levels overflow the
 * call stack. Refusing deeper input up front keeps each of them safe.
 */
export const MAX_NESTING = 256;

export const TOO_DEEP = `maps and lists nested more than ${MAX_NESTING} levels deep (no manifest needs that many)`;

/** Why a parsed YAML document cannot be read safely, and the offset of the node to blame. */
export interface NestingProblem {
  offset: number;
  message: string;
}

/**
 * Walks a parsed document without recursion and finds what would make a recursive reader fail: maps
 * and lists nested deeper than MAX_NESTING, counting what aliases bring in (`*a` puts all of `&a` in
 * its place), and an alias inside the node it refers to (`&a [*a]`: the value would contain itself,
 * and every walk over it would never end).
 */
export function nestingProblem(doc: Document.Parsed): NestingProblem | undefined {
  interface Open {
    name: string;
    depth: number;
    reach: number;
  }
  type Step = { node: unknown; depth: number } | { close: Open };
  /** Levels an anchored node spans (0 for a scalar), once it is closed. */
  const heights = new Map<string, number>();
  const open: Open[] = [];
  const openNames = new Map<string, number>();
  const reached = (depth: number): void => {
    const innermost = open[open.length - 1];
    if (innermost && depth > innermost.reach) innermost.reach = depth;
  };
  const steps: Step[] = [{ node: doc.contents, depth: 1 }];
  while (steps.length > 0) {
    const step = steps.pop()!;
    if ('close' in step) {
      const anchor = open.pop()!;
      openNames.set(anchor.name, openNames.get(anchor.name)! - 1);
      heights.set(anchor.name, anchor.reach - anchor.depth + 1);
      reached(anchor.reach);
      continue;
    }
    const { node, depth } = step;
    if (isPair(node)) {
      steps.push({ node: node.value, depth }, { node: node.key, depth });
      continue;
    }
    if (!isNode(node)) continue;
    const offset = node.range?.[0] ?? 0;
    if (isAlias(node)) {
      if (openNames.get(node.source)) {
        return { offset, message: `the alias *${node.source} stands inside the node it refers to (a cycle)` };
      }
      const height = heights.get(node.source);
      if (height === undefined) continue; // an unknown alias: the parser has reported it
      const depthThere = depth - 1 + height;
      if (depthThere > MAX_NESTING)
        return { offset, message: `${TOO_DEEP}, through the alias *${node.source}` };
      reached(depthThere);
      continue;
    }
    if (isScalar(node) || !isCollection(node)) {
      if (node.anchor) heights.set(node.anchor, 0);
      continue;
    }
    if (depth > MAX_NESTING) return { offset, message: TOO_DEEP };
    reached(depth);
    if (node.anchor) {
      const anchor: Open = { name: node.anchor, depth, reach: depth };
      open.push(anchor);
      openNames.set(anchor.name, (openNames.get(anchor.name) ?? 0) + 1);
      steps.push({ close: anchor });
    }
    for (let index = node.items.length - 1; index >= 0; index--) {
      steps.push({ node: node.items[index], depth: depth + 1 });
    }
  }
  return undefined;
}

/**
 * The offset of the first `[` or `{` of a valid JSON text that opens a level deeper than MAX_NESTING,
 * or -1. JSON.parse reads any depth; what reads its value afterwards recurses.
 */
export function jsonTooDeepAt(text: string): number {
  let depth = 0;
  for (let at = 0; at < text.length; at++) {
    const char = text.charCodeAt(at);
    if (char === 0x22 /* " */) {
      // Skip the string: to the next quote not escaped by an odd run of backslashes.
      for (at++; at < text.length; at++) {
        const inside = text.charCodeAt(at);
        if (inside === 0x5c /* \ */) at++;
        else if (inside === 0x22) break;
      }
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      if (++depth > MAX_NESTING) return at;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth--;
    }
  }
  return -1;
}
