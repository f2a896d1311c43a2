import { BUILT_IN_KINDS, parsePodPath } from './workload-kinds';

/**
 * The pod spec path of a kind with exactly one pod template at a fixed place (the built-in kinds, a
 * Knative Service), or undefined when the kind holds no pod or holds several (see workloadKinds for
 * every place of every kind).
 */
export function podSpecPath(apiVersion: string, kind: string): readonly string[] | undefined {
  const pods = BUILT_IN_KINDS.find(apiVersion, kind)?.pods;
  const place = pods?.length === 1 ? pods[0] : undefined;
  if (!place || place.optional || !('template' in place || 'podSpec' in place)) return undefined;
  const steps = parsePodPath('template' in place ? `${place.template}.spec` : place.podSpec);
  if (!steps || steps.some((step) => step.each)) return undefined;
  return steps.map((step) => step.field);
}
