import type { SourceDocument } from '../loaders/documents';
import { isRecord, listAt } from './fields';

type Path = (string | number)[];

/** One Kubernetes object of a document, a `List` item included, with where it stands in the document. */
export interface KubernetesObjectAt {
  value: Record<string, unknown>;
  apiVersion: string;
  kind: string;
  /** From the document root, so the document's own `locate` finds it. */
  path: Path;
}

/**
 * The objects of one document: the document itself, or the items of a `List` / typed list. Items of a
 * typed list (`DeploymentList`) from the API carry no apiVersion/kind of their own; they take the list's.
 */
export function kubernetesObjects(doc: SourceDocument): KubernetesObjectAt[] {
  return objectsAt(doc, doc.value, []);
}

function objectsAt(
  doc: SourceDocument,
  value: unknown,
  path: Path,
  listed?: { apiVersion: string; kind?: string },
): KubernetesObjectAt[] {
  if (!isRecord(value)) return [];
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : listed?.apiVersion;
  const kind = typeof value.kind === 'string' ? value.kind : listed?.kind;
  if (apiVersion === undefined || kind === undefined) return [];
  if (!kind.endsWith('List')) return [{ value, apiVersion, kind, path }];
  const itemsPath = [...path, 'items'];
  const items = listAt(doc, value.items, itemsPath) ?? [];
  const itemKind = { apiVersion, kind: kind === 'List' ? undefined : kind.slice(0, -'List'.length) };
  return items.flatMap((item, index) => objectsAt(doc, item, [...itemsPath, index], itemKind));
}
