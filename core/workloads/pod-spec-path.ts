/**
 * Where each built-in workload kind keeps its pod spec. Kinds of other API groups (a CRD that happens to be
 * called `Job`) have other shapes and are not read.
 */
const podSpecPaths: Record<string, { groups: readonly string[]; path: readonly string[] }> = {
  Pod: { groups: [''], path: ['spec'] },
  PodTemplate: { groups: [''], path: ['template', 'spec'] },
  ReplicationController: { groups: [''], path: ['spec', 'template', 'spec'] },
  Deployment: { groups: ['apps', 'extensions'], path: ['spec', 'template', 'spec'] },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template', 'spec'] },
  DaemonSet: { groups: ['apps', 'extensions'], path: ['spec', 'template', 'spec'] },
  ReplicaSet: { groups: ['apps', 'extensions'], path: ['spec', 'template', 'spec'] },
  Job: { groups: ['batch'], path: ['spec', 'template', 'spec'] },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

/** The pod spec path of a workload kind, or undefined when the kind holds no pod. */
export function podSpecPath(apiVersion: string, kind: string): readonly string[] | undefined {
  const known = Object.hasOwn(podSpecPaths, kind) ? podSpecPaths[kind] : undefined;
  if (!known) return undefined;
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  return known.groups.includes(group) ? known.path : undefined;
}
