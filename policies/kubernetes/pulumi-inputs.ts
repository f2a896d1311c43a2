import { randomBytes } from 'node:crypto';

/**
 * A Pulumi resource's inputs as plain data the core readers can walk: every value that is not plain
 * (an Output, a Promise, a Resource) becomes a stand-in string, and `restore` puts the originals back
 * into whatever was built from the view. So a Secret name computed from another resource still lands
 * in the probe's arguments and the Role, as the same Output. `readable` is the view for reading:
 * computed images are left out of it (no card binds to a value nobody knows yet).
 */
export function plainView(props: Record<string, unknown>): {
  view: Record<string, unknown>;
  readable: Record<string, unknown>;
  computed: boolean;
  isStandIn(text: string): boolean;
  restore<T>(value: T): T;
} {
  const nonce = randomBytes(6).toString('hex');
  const standIns = new Map<unknown, string>();
  const originals = new Map<string, unknown>();
  const standIn = (value: unknown): string => {
    let text = standIns.get(value);
    if (text === undefined) {
      text = `<computed ${nonce} ${standIns.size}>`;
      standIns.set(value, text);
      originals.set(text, value);
    }
    return text;
  };
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value === null || typeof value !== 'object') return value;
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null) return standIn(value);
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined) result[key] = walk(item);
    }
    return result;
  };
  const view = walk(props) as Record<string, unknown>;
  const read = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(read);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, item]) => !(key === 'image' && typeof item === 'string' && originals.has(item)))
        .map(([key, item]) => [key, read(item)]),
    );
  };
  const put = (value: unknown): unknown => {
    if (typeof value === 'string') return originals.has(value) ? originals.get(value) : value;
    if (Array.isArray(value)) return value.map(put);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, put(item)]));
  };
  return {
    view,
    readable: read(view) as Record<string, unknown>,
    computed: standIns.size > 0,
    isStandIn: (text: string) => originals.has(text),
    restore: <T>(value: T) => put(value) as T,
  };
}
