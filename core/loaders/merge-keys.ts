import { type Document, isAlias, isMap, isPair, isScalar, isSeq, type Pair, visit, type YAMLMap } from 'yaml';
import { InputError } from '../errors';
import type { Location } from '../model/location';

/**
 * Applies YAML 1.1 merge keys (`<<: *anchor`, `<<: [*a, *b]`) in the parsed document, as Kubernetes'
 * own reader does (sigs.k8s.io/yaml → go-yaml v2, decoder.mapping and decoder.merge): pairs are taken in
 * order and a later one replaces an earlier one of the same key, a merge inserting the source map's
 * pairs where the `<<` stands (so a key written after it wins, and one written before it is replaced);
 * of a list of sources, the earlier wins. Only a plain `<<` is a merge key. The merged pairs are the
 * source's own nodes, so a merged value keeps the position where it is written.
 * Returns whether anything was merged. Throws an InputError when a merge source is not a map.
 */
export function applyMergeKeys(doc: Document.Parsed, at: (offset: number) => Location): boolean {
  let merged = false;
  const done = new Set<YAMLMap>();
  const resolve = (map: YAMLMap, resolving: Set<YAMLMap>): void => {
    if (done.has(map) || resolving.has(map)) return;
    if (!map.items.some(isMergePair)) {
      done.add(map);
      return;
    }
    resolving.add(map);
    const pairs = new Map<unknown, Pair>();
    for (const pair of map.items) {
      if (!isMergePair(pair)) {
        pairs.set(keyOf(pair), pair);
        continue;
      }
      for (const source of mergeSources(doc, pair, at).reverse()) {
        resolve(source, resolving);
        for (const sourcePair of source.items) pairs.set(keyOf(sourcePair), sourcePair);
      }
    }
    map.items = [...pairs.values()];
    resolving.delete(map);
    done.add(map);
    merged = true;
  };
  visit(doc, {
    Map(_, map) {
      resolve(map, new Set());
    },
  });
  return merged;
}

function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN';
}

function keyOf(pair: Pair): unknown {
  return isScalar(pair.key) ? pair.key.value : pair.key;
}

/** The maps a `<<` pair merges, in the order written. */
function mergeSources(doc: Document.Parsed, pair: Pair, at: (offset: number) => Location): YAMLMap[] {
  const value = pair.value;
  const items = isSeq(value) ? value.items : [value];
  return items.map((item) => {
    const source = isAlias(item) ? item.resolve(doc) : item;
    if (isMap(source)) return source;
    const node = (isPair(item) ? undefined : item) as { range?: [number, number, number] } | undefined;
    const start = node?.range?.[0] ?? (pair.key as { range?: [number] }).range?.[0] ?? 0;
    throw new InputError('map merge requires map or sequence of maps as the value', at(start));
  });
}
