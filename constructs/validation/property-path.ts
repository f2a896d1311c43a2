import { readFileSync } from 'node:fs';
import type { Location } from '../../core/model/location';
import type { Workload } from '../../core/model/workload';

/**
 * Where a finding points inside its resource, as the CDK report writes it (`Properties.ContainerDefinitions
 * .0.Image`): found by walking the resource and matching positions, so rules keep reporting positions
 * only. Templates are read again only for resources with findings.
 */
export function propertyPathOf(
  workload: Workload,
  location: Location | undefined,
  templates: Map<string, unknown>,
): string | undefined {
  const { file, logicalId, locate } = workload.origin;
  if (!file || !logicalId || !locate || location?.line === undefined || location.file !== file)
    return undefined;
  if (!templates.has(file)) templates.set(file, JSON.parse(readFileSync(file, 'utf8')));
  const resource = (templates.get(file) as { Resources?: Record<string, unknown> }).Resources?.[logicalId];
  const base = ['Resources', logicalId];
  const found = walk(resource, [], (path) => {
    const at = locate([...base, ...path]);
    return at !== undefined && at.line === location.line && at.column === location.column;
  });
  return found && found.length > 0 ? found.join('.') : undefined;
}

function walk(
  value: unknown,
  path: (string | number)[],
  matches: (path: (string | number)[]) => boolean,
): (string | number)[] | undefined {
  if (matches(path)) return path;
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  for (const [key, child] of children) {
    const found = walk(child, [...path, key], matches);
    if (found) return found;
  }
  return undefined;
}
