import { children, isNode, testName } from './jinja-nodes';
import type { JinjaNode } from './nunjucks-internals';

export interface GuardFacts {
  /** Names known to be defined when the condition is true. */
  whenTrue: ReadonlySet<string>;
  /** Names known to be defined when it is false. */
  whenFalse: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set();
const NO_FACTS: GuardFacts = { whenTrue: NONE, whenFalse: NONE };

/** What a condition proves about which bare names are defined, on each outcome. */
export function guardFacts(node: unknown): GuardFacts {
  if (!isNode(node)) return NO_FACTS;
  switch (node.typename) {
    case 'Symbol':
      // Undefined is falsy, so a truthy name is a defined one.
      return { whenTrue: new Set([node.value as string]), whenFalse: NONE };
    case 'Is': {
      const left = node.left as JinjaNode;
      const test = testName(node.right as JinjaNode);
      if (left.typename !== 'Symbol') return NO_FACTS;
      const name = new Set([left.value as string]);
      if (test === 'defined') return { whenTrue: name, whenFalse: NONE };
      if (test === 'undefined' || test === 'none') return { whenTrue: NONE, whenFalse: name };
      return NO_FACTS;
    }
    case 'Not': {
      const inner = guardFacts(node.target);
      return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
    }
    case 'And': {
      const left = guardFacts(node.left);
      const right = guardFacts(node.right);
      return {
        whenTrue: union(left.whenTrue, right.whenTrue),
        whenFalse: intersection(left.whenFalse, right.whenFalse),
      };
    }
    case 'Or': {
      const left = guardFacts(node.left);
      const right = guardFacts(node.right);
      return {
        whenTrue: intersection(left.whenTrue, right.whenTrue),
        whenFalse: union(left.whenFalse, right.whenFalse),
      };
    }
    case 'Group': {
      const inner = children(node);
      return inner.length === 1 ? guardFacts(inner[0]) : NO_FACTS;
    }
    default:
      return NO_FACTS;
  }
}

function union(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (b.size === 0) return a;
  if (a.size === 0) return b;
  return new Set([...a, ...b]);
}

function intersection(a: ReadonlySet<string>, b: ReadonlySet<string>): ReadonlySet<string> {
  if (a.size === 0 || b.size === 0) return NONE;
  return new Set([...a].filter((name) => b.has(name)));
}
