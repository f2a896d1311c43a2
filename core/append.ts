/**
 * Adds `items` to the end of `target`, one by one. `target.push(...items)` passes every item as an
 * argument, and a list of 130,000 (findings of a big template, volumes of a big Pod, items of a
 * `List`) overflows the call stack.
 */
export function append<T>(target: T[], items: Iterable<T>): void {
  for (const item of items) target.push(item);
}
