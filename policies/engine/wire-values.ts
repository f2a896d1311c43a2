const SIG = '4dabf18193072939515e22adb298388d';
const RESOURCE_REFERENCE = '5cf8f73096256a8f31e491e813e4eb8e';
/** What the Node SDK sends for any value unknown at preview (`runtime/rpc.js` unknownValue). */
export const UNKNOWN_STRING = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

/**
 * Properties as the engine sends them to an analyzer (sdk/go/common/resource/plugin/rpc.go): secrets
 * and unknowns keep their wire form, but a resource reference becomes the referenced resource's ID (its
 * URN when it has none): @pulumi/policy throws on that signature. `dropInternal` removes top-level
 * `__` keys, which Analyze strips and Remediate keeps.
 */
export function analyzerProperties(
  value: Record<string, unknown>,
  dropInternal: boolean,
): Record<string, unknown> {
  const entries = Object.entries(value).filter(([key]) => !(dropInternal && key.startsWith('__')));
  return Object.fromEntries(entries.map(([key, item]) => [key, withoutReferences(item)]));
}

function withoutReferences(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutReferences);
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  if (record[SIG] === RESOURCE_REFERENCE) {
    const id = typeof record.id === 'string' && record.id ? record.id : undefined;
    return id ?? record.urn;
  }
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, withoutReferences(item)]));
}

/** `5m`, `1h30m`, `90s` to seconds, as the engine converts customTimeouts (0 when unset). */
export function timeoutSeconds(text: string): number {
  if (!text) return 0;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) {
    seconds += Number(amount) * ({ ms: 0.001, s: 1, m: 60, h: 3600 } as Record<string, number>)[unit!]!;
  }
  return Math.floor(seconds);
}
