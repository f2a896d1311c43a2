/** `local`: the template assigns it. `guarded`: a test has shown it is defined (it still comes from outside). */
export type Binding = 'local' | 'guarded';

export type ScopeKind = 'template' | 'for' | 'macro' | 'call' | 'with';

/**
 * A Jinja scope, or a branch inside one. Branches (`if` arms, the right side of `and` / `or`, inline
 * `if`) do not scope in Jinja: what an arm sets is merged into the enclosing frame afterwards, as
 * set for sure (every arm) or maybe (some arms).
 */
export interface Frame {
  kind: ScopeKind | 'branch';
  parent?: Frame;
  bound: Map<string, Binding>;
  maybe: Set<string>;
}

/** Shared by the frames nothing is maybe set in (most of them); `merge` gives a frame its own. */
const NOTHING_MAYBE: Set<string> = new Set();

export function scope(kind: ScopeKind, parent: Frame): Frame {
  return { kind, parent, bound: new Map(), maybe: NOTHING_MAYBE };
}

export function branch(parent: Frame): Frame {
  return { kind: 'branch', parent, bound: new Map(), maybe: NOTHING_MAYBE };
}

export function scopeOf(frame: Frame): ScopeKind {
  let current: Frame | undefined = frame;
  while (current && current.kind === 'branch') current = current.parent;
  return (current?.kind as ScopeKind | undefined) ?? 'template';
}

export function lookup(name: string, frame: Frame): Binding | 'maybe' | undefined {
  let maybe = false;
  for (let current: Frame | undefined = frame; current; current = current.parent) {
    const binding = current.bound.get(name);
    if (binding) return binding;
    if (current.maybe.has(name)) maybe = true;
  }
  return maybe ? 'maybe' : undefined;
}

/**
 * After the arms of an `if`: a name every arm binds is bound (`local` only when every arm assigned
 * it; a guard in one arm means it may still come from outside); one some arms assign is maybe set.
 */
export function merge(frame: Frame, arms: Frame[]): void {
  const names = new Set<string>();
  for (const arm of arms) {
    for (const name of arm.bound.keys()) names.add(name);
    for (const name of arm.maybe) names.add(name);
  }
  for (const name of names) {
    const bindings = arms.map((arm) => arm.bound.get(name));
    if (bindings.every((binding) => binding !== undefined)) {
      frame.bound.set(name, bindings.every((binding) => binding === 'local') ? 'local' : 'guarded');
    } else if (
      bindings.includes('local') ||
      arms.some((arm) => arm.maybe.has(name) && arm.bound.get(name) === undefined)
    ) {
      if (lookup(name, frame) === undefined || lookup(name, frame) === 'maybe') {
        if (frame.maybe === NOTHING_MAYBE) frame.maybe = new Set();
        frame.maybe.add(name);
      }
    }
  }
}
