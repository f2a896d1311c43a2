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

/**
 * Gives an object a `location` found only when first read: finding a position walks the parsed
 * document, and only the few facts and providers that end up in a finding need one.
 */
export function locateLazily<T extends { location?: Location }>(
  target: T,
  locate: () => Location | undefined,
): T {
  let location: Location | undefined;
  let found = false;
  return Object.defineProperty(target, 'location', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!found) [location, found] = [locate(), true];
      return location;
    },
    set: (value: Location | undefined) => {
      [location, found] = [value, true];
    },
  });
}
