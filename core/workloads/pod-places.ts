import type { SourceDocument } from '../loaders/documents';
import { recordAt, recordsAt, textAt } from './fields';
import type { PathStep } from './workload-kinds';

type Path = (string | number)[];

/** One map a place's path reaches in an object, with the role its list element or map key gives it. */
export interface Reached {
  value: Record<string, unknown>;
  /** From the document root. */
  path: Path;
  role?: string;
}

/**
 * Every map `steps` reaches from `root`: one per element of a `[]` list and per value of a `{}` map
 * on the way. A missing field reaches nothing; a field of the wrong shape is an input error at it.
 * `roleFrom` names the field of a list element (or map value) that gives the role; a map's key does
 * when it is absent.
 */
export function reachAt(
  doc: SourceDocument,
  root: Record<string, unknown>,
  rootPath: Path,
  steps: readonly PathStep[],
  roleFrom?: string,
): Reached[] {
  let reached: Reached[] = [{ value: root, path: rootPath }];
  for (const step of steps) {
    const next: Reached[] = [];
    for (const { value, path, role } of reached) {
      const fieldPath = [...path, step.field];
      const field = value[step.field];
      if (step.each === 'list') {
        for (const { entry, path: entryPath } of recordsAt(doc, field, fieldPath)) {
          next.push({ value: entry, path: entryPath, role: roleOf(doc, entry, entryPath, roleFrom) ?? role });
        }
      } else if (step.each === 'map') {
        for (const [key, entry] of Object.entries(recordAt(doc, field, fieldPath) ?? {})) {
          const entryPath = [...fieldPath, key];
          const record = recordAt(doc, entry, entryPath);
          if (record)
            next.push({
              value: record,
              path: entryPath,
              role: roleOf(doc, record, entryPath, roleFrom) ?? key,
            });
        }
      } else {
        const record = recordAt(doc, field, fieldPath);
        if (record) next.push({ value: record, path: fieldPath, ...(role === undefined ? {} : { role }) });
      }
    }
    reached = next;
  }
  return reached;
}

function roleOf(
  doc: SourceDocument,
  entry: Record<string, unknown>,
  path: Path,
  roleFrom: string | undefined,
): string | undefined {
  if (roleFrom === undefined) return undefined;
  return textAt(doc, entry[roleFrom], [...path, roleFrom]) || undefined;
}

/** The value at a plain dotted path (no `[]`), or undefined when any step is missing. */
export function valueAt(root: Record<string, unknown>, dotted: string): { value: unknown; path: string[] } {
  const path = dotted.split('.');
  let current: unknown = root;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current))
      return { value: undefined, path };
    current = Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return { value: current, path };
}
