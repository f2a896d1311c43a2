// The sentinels and the raw-target key are in @pulumi/policy's proxy module, not its typed entry.
const proxy = require('@pulumi/policy/proxy') as {
  getSpecialProxyTarget: string;
  isSpecialProxy: string;
  [sentinel: string]: unknown;
};
// What a value marked secret on the wire becomes when the pack keeps secret marks (secret-marks.ts).
const { Secret } = require('@pulumi/policy/policy') as { Secret: new (value: unknown) => { value: unknown } };

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
  /** Every string that arrived marked secret (Pulumi `secret()`), to be tainted; absent when none. */
  secretValues?: string[];
}

/**
 * `props` arrive wrapped in a proxy that throws on reading an unknown. Walking its raw target instead
 * lets a rule see everything that is known and say precisely what is not, rather than failing on the
 * first unknown (which @pulumi/policy would turn into an advisory "can't run policy").
 */
export function knownProps(props: Record<string, unknown>): KnownProps {
  // The unknown-checking proxy may wrap the secrets-preserving one: take the target of each.
  let raw: unknown = props;
  while (raw && typeof raw === 'object' && (raw as Record<string, unknown>)[proxy.isSpecialProxy] === true) {
    raw = (raw as Record<string, unknown>)[proxy.getSpecialProxyTarget];
  }
  const found: Found = { unknownPaths: [], secretValues: [] };
  const value = strip(raw, [], found, false);
  return {
    value: (value ?? {}) as Record<string, unknown>,
    unknownPaths: found.unknownPaths,
    ...(found.secretValues.length ? { secretValues: found.secretValues } : {}),
  };
}

/**
 * Fields that name things, which a report may show (DESIGN.md: names and keys, never values). The
 * engine marks a whole top-level property secret when any value inside is (pulumi-engine.md §4), so
 * an env var's name sits in a secret `spec` as often as its value does.
 */
const NAMES: ReadonlySet<string | number> = new Set(['name', 'key', 'mountPath', 'containerPort']);

interface Found {
  unknownPaths: PropPath[];
  secretValues: string[];
}

function strip(value: unknown, path: PropPath, found: Found, secret: boolean): unknown {
  if (SENTINELS.has(value)) {
    found.unknownPaths.push(path);
    return undefined;
  }
  if (value instanceof Secret) return strip(value.value, path, found, true);
  if (secret && (typeof value === 'string' || typeof value === 'number') && !NAMES.has(path.at(-1)!)) {
    found.secretValues.push(String(value));
  }
  if (Array.isArray(value)) return value.map((item, index) => strip(item, [...path, index], found, secret));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const known = strip(item, [...path, key], found, secret);
    if (known !== undefined) result[key] = known;
  }
  return result;
}

/** True when `path` is `prefix` or lies inside it. */
export function pathWithin(path: PropPath, prefix: PropPath): boolean {
  return prefix.length <= path.length && prefix.every((part, index) => path[index] === part);
}
