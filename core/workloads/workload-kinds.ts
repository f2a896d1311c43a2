import { BUILT_IN_WORKLOAD_KINDS, type PodPlace, type WorkloadKind } from '../data/workload-kinds';

export type {
  ContainerView,
  ContainerViewPlace,
  PodPlace,
  PodSpecPlace,
  PodTemplatePlace,
  ReferencePlace,
  SecretField,
  WorkloadKind,
} from '../data/workload-kinds';
export { BUILT_IN_WORKLOAD_KINDS };

/**
 * The workload kinds a run reads: the built-in table (core/data/workload-kinds.ts) and the rows a
 * user declared in preflight.yaml, which win over a built-in row of the same group and kind.
 *
 * ```ts
 * const kinds = workloadKinds(config.workloads.kinds);
 * kinds.find('leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet')?.pods; // where its pods live
 * workloadsFromKubernetes(document, kinds); // one Workload per pod template, each with its role
 * ```
 */
export class WorkloadKinds {
  readonly #rows = new Map<string, WorkloadKind>();

  constructor(rows: readonly WorkloadKind[]) {
    for (const row of rows) this.#rows.set(`${row.group}/${row.kind}`, row);
  }

  /** The row of an object's apiVersion (`apps/v1`, `v1`) and kind; undefined when it holds no pods. */
  find(apiVersion: string, kind: string): WorkloadKind | undefined {
    return this.#rows.get(`${apiGroup(apiVersion)}/${kind}`);
  }

  /** Every row, built-in first, in table order. */
  rows(): WorkloadKind[] {
    return [...this.#rows.values()];
  }
}

export const BUILT_IN_KINDS = new WorkloadKinds(BUILT_IN_WORKLOAD_KINDS);

/** The built-in table with the user's rows on top (a user row replaces a built-in one). */
export function workloadKinds(userKinds: readonly WorkloadKind[] = []): WorkloadKinds {
  return userKinds.length === 0
    ? BUILT_IN_KINDS
    : new WorkloadKinds([...BUILT_IN_WORKLOAD_KINDS, ...userKinds]);
}

/** `apps/v1` → `apps`; `v1` → `''` (the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

/** One step of a place's path: a field, and whether every element (`[]`) or value (`{}`) is read. */
export interface PathStep {
  field: string;
  each?: 'list' | 'map';
}

const STEP = /^([A-Za-z_$][\w$-]*)(\[\]|\{\})?$/;

/**
 * `spec.workerGroupSpecs[].template` → its steps; undefined when the text is not such a path (a field
 * name, `[]` or `{}` after it, joined by dots).
 */
export function parsePodPath(text: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  for (const part of text.split('.')) {
    const match = STEP.exec(part);
    if (!match) return undefined;
    const each = match[2] === '[]' ? 'list' : match[2] === '{}' ? 'map' : undefined;
    steps.push(each ? { field: match[1]!, each } : { field: match[1]! });
  }
  return steps;
}

/** The path a place reads, as written in the table. */
export function placePath(place: PodPlace): string {
  if ('template' in place) return place.template;
  if ('podSpec' in place) return place.podSpec;
  if ('reference' in place) return place.reference;
  return place.when ?? '';
}
