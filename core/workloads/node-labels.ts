import type { SourceDocument } from '../loaders/documents';
import type { NodeLabel } from '../model/workload';
import { listAt, recordAt, recordsAt, textAt, textMapAt } from './fields';

type Path = (string | number)[];

/**
 * The node labels a pod spec requires: every `nodeSelector` entry, and each label that every
 * `requiredDuringSchedulingIgnoredDuringExecution` node-selector term pins with `In` and one value
 * (terms are ORed, so a label only some terms pin is not required). `nodeSelector` wins a key both name.
 */
export function nodeLabels(
  doc: SourceDocument,
  podSpec: Record<string, unknown>,
  specPath: Path,
): Record<string, NodeLabel> {
  const labels: Record<string, NodeLabel> = {};
  for (const [key, label] of Object.entries(affinityLabels(doc, podSpec, specPath))) labels[key] = label;
  const selectorPath = [...specPath, 'nodeSelector'];
  for (const [key, value] of Object.entries(textMapAt(doc, podSpec.nodeSelector, selectorPath))) {
    labels[key] = { value, via: 'nodeSelector', path: [...selectorPath, key] };
  }
  return labels;
}

function affinityLabels(
  doc: SourceDocument,
  podSpec: Record<string, unknown>,
  specPath: Path,
): Record<string, NodeLabel> {
  let path: Path = specPath;
  let current: Record<string, unknown> | undefined = podSpec;
  for (const key of ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution']) {
    path = [...path, key];
    current = recordAt(doc, current[key], path);
    if (!current) return {};
  }
  const terms = recordsAt(doc, current.nodeSelectorTerms, [...path, 'nodeSelectorTerms']).map((term) =>
    termLabels(doc, term.entry, term.path),
  );
  const [first, ...rest] = terms;
  if (!first) return {};
  const labels: Record<string, NodeLabel> = {};
  for (const [key, label] of first) {
    if (rest.every((term) => term.get(key)?.value === label.value)) labels[key] = label;
  }
  return labels;
}

/** The `In` expressions of one term that allow exactly one value. */
function termLabels(
  doc: SourceDocument,
  term: Record<string, unknown>,
  termPath: Path,
): Map<string, NodeLabel> {
  const labels = new Map<string, NodeLabel>();
  for (const { entry, path } of recordsAt(doc, term.matchExpressions, [...termPath, 'matchExpressions'])) {
    const key = textAt(doc, entry.key, [...path, 'key']);
    const operator = textAt(doc, entry.operator, [...path, 'operator']);
    const values = listAt(doc, entry.values, [...path, 'values']) ?? [];
    if (key === undefined || operator !== 'In' || values.length !== 1) continue;
    const valuePath = [...path, 'values', 0];
    const value = textAt(doc, values[0], valuePath);
    if (value !== undefined) labels.set(key, { value, via: 'nodeAffinity', path: valuePath });
  }
  return labels;
}
