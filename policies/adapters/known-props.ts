// The sentinels and the raw-target key are in @pulumi/policy's proxy module, not its typed entry.
const proxy = require('@pulumi/policy/proxy') as {
  getSpecialProxyTarget: string;
  [sentinel: string]: unknown;
};

const SENTINELS = new Set(
  [
    'unknownBooleanValue',
    'unknownNumberValue',
    'unknownStringValue',
    'unknownArrayValue',
    'unknownAssetValue',
    'unknownArchiveValue',
    'unknownObjectValue',
  ].map((name) => proxy[name]),
);

export type PropPath = (string | number)[];

/** A resource's properties with every value unknown at preview taken out, and where each one was. */
export interface KnownProps {
  value: Record<string, unknown>;
  unknownPaths: PropPath[];
}

/**
 * `props` arrive wrapped in a proxy that throws on reading an unknown. Walking its raw target instead
 * lets a rule see everything that is known and say precisely what is not, rather than failing on the
 * first unknown (which @pulumi/policy would turn into an advisory "can't run policy").
 */
export function knownProps(props: Record<string, unknown>): KnownProps {
  const raw = (props as Record<string, unknown>)[proxy.getSpecialProxyTarget] ?? props;
  const unknownPaths: PropPath[] = [];
  const value = strip(raw, [], unknownPaths);
  return { value: (value ?? {}) as Record<string, unknown>, unknownPaths };
}

function strip(value: unknown, path: PropPath, unknownPaths: PropPath[]): unknown {
  if (SENTINELS.has(value)) {
    unknownPaths.push(path);
    return undefined;
  }
  if (Array.isArray(value)) return value.map((item, index) => strip(item, [...path, index], unknownPaths));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const known = strip(item, [...path, key], unknownPaths);
    if (known !== undefined) result[key] = known;
  }
  return result;
}

/** True when `path` is `prefix` or lies inside it. */
export function pathWithin(path: PropPath, prefix: PropPath): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}
