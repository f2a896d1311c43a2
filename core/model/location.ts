/** A place in a source file. Lines and columns are 1-based. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  /** Where the located text ends (exclusive column), when it is known: SARIF regions, GitHub annotations. */
  endLine?: number;
  endColumn?: number;
}

/** A path inside a parsed document: map keys and sequence indexes. */
export type DocPath = readonly (string | number)[];

/**
 * Resolves a path inside the document a value came from to its position, on demand (positions are
 * costly). `key` asks for the map key rather than its value, e.g. to point at an unknown field's name.
 */
export type Locate = (path: DocPath, part?: 'value' | 'key') => Location | undefined;

/** The position thunks of objects whose `location` has not been read yet. */
const pending = new WeakMap<object, () => Location | undefined>();

function settle(target: object, location: Location | undefined): Location | undefined {
  pending.delete(target);
  Object.defineProperty(target, 'location', {
    value: location,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return location;
}

/**
 * One accessor pair for every lazily located object: V8 gives objects that gain the same pair the
 * same hidden class, where a getter closure per object would give each its own (and the rules
 * reading them would then miss their inline caches). Reading or writing settles a plain value.
 */
const LAZY_LOCATION: PropertyDescriptor = {
  enumerable: true,
  configurable: true,
  get(this: object) {
    return settle(this, pending.get(this)?.());
  },
  set(this: object, value: Location | undefined) {
    settle(this, value);
  },
};

/**
 * Gives an object a `location` found only when first read: finding a position walks the parsed
 * document, and only the few objects that end up in a finding need one (secret providers; facts
 * are LazilyLocatedFact instances, for the same reason).
 */
export function locateLazily<T extends { location?: Location }>(
  target: T,
  locate: () => Location | undefined,
): T {
  pending.set(target, locate);
  return Object.defineProperty(target, 'location', LAZY_LOCATION);
}
