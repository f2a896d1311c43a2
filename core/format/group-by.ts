/**
 * Items grouped by key, groups in the order their first item came, items in input order. One pass:
 * a report of 50,000 findings must not copy a growing group per finding. (Map.groupBy is Node 21+.)
 */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
