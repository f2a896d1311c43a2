import { InputError } from '../errors';
import type { SourceDocument } from '../loaders/documents';
import type { DocPath, Location } from '../model/location';

/** Reads typed fields out of parsed manifests; a wrong shape becomes an InputError at its position. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `spec.template.spec.containers[0].env[2]`: a path as users read it in messages. */
export function fieldName(path: DocPath): string {
  let name = '';
  for (const key of path) {
    if (typeof key === 'number') name += `[${key}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(key)) name += name ? `.${key}` : key;
    else name += `[${JSON.stringify(key)}]`;
  }
  return name;
}

/** The error for a wrong shape, placed at the field or, when it is missing, at its nearest parent. */
export function shapeError(doc: SourceDocument, path: DocPath, message: string): InputError {
  return new InputError(message, nearestLocation(doc, path), path.length > 0 ? fieldName(path) : undefined);
}

function nearestLocation(doc: SourceDocument, path: DocPath): Location {
  for (let length = path.length; length > 0; length--) {
    const found = doc.locate(path.slice(0, length));
    if (found) return found;
  }
  return { file: doc.file, line: doc.line, column: doc.column };
}

/** A map, or undefined when absent (null counts as absent, as it does for the Kubernetes API). */
export function recordAt(
  doc: SourceDocument,
  value: unknown,
  path: DocPath,
): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw shapeError(doc, path, 'expected a map');
  return value;
}

export function listAt(doc: SourceDocument, value: unknown, path: DocPath): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw shapeError(doc, path, 'expected a list');
  return value;
}

/** A scalar as text: YAML reads `8000` and `true` as number and boolean, manifests mean strings. */
export function textAt(doc: SourceDocument, value: unknown, path: DocPath): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw shapeError(doc, path, 'expected a string');
}

/** A non-empty text field of `parent`; a missing one is reported at the parent, the way users look for it. */
export function requiredText(
  doc: SourceDocument,
  parent: Record<string, unknown>,
  key: string,
  parentPath: DocPath,
): string {
  const text = textAt(doc, parent[key], [...parentPath, key]);
  if (text === undefined || text === '') throw shapeError(doc, parentPath, `missing ${key}`);
  return text;
}

export function flagAt(doc: SourceDocument, value: unknown, path: DocPath): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw shapeError(doc, path, 'expected true or false');
  return value;
}

/** `{optional}` of a reference when it says so, else nothing: absent and false differ for the reader. */
export function optionalAt(
  doc: SourceDocument,
  ref: Record<string, unknown>,
  refPath: DocPath,
): { optional?: boolean } {
  const flag = flagAt(doc, ref.optional, [...refPath, 'optional']);
  return flag === undefined ? {} : { optional: flag };
}

/** Every entry of a list as a map; an entry of another shape is an error. */
export function recordsAt(
  doc: SourceDocument,
  value: unknown,
  path: DocPath,
): { entry: Record<string, unknown>; path: (string | number)[] }[] {
  const list = listAt(doc, value, path);
  const records: { entry: Record<string, unknown>; path: (string | number)[] }[] = [];
  if (!list) return records;
  for (let index = 0; index < list.length; index++) {
    const entry = list[index];
    const entryPath = [...path, index];
    if (!isRecord(entry)) throw shapeError(doc, entryPath, 'expected a map');
    records.push({ entry, path: entryPath });
  }
  return records;
}

/** A map of strings (labels, annotations); scalar values are read as text. */
export function textMapAt(doc: SourceDocument, value: unknown, path: DocPath): Record<string, string> {
  const record = recordAt(doc, value, path) ?? {};
  const result: Record<string, string> = {};
  for (const [key, entry] of Object.entries(record)) {
    const text = textAt(doc, entry, [...path, key]);
    if (text !== undefined) result[key] = text;
  }
  return result;
}
