import { probeObjectName } from './pod-spec';

type Manifest = Record<string, unknown>;

export interface ProbeRbacInput {
  /** The workload's name: the objects are `<name>-preflight-probe`. */
  name: string;
  namespace?: string;
  secretNames: readonly unknown[];
  serviceAccountName?: unknown;
  /**
   * Every ServiceAccount the probed pod templates of one object run as (a LeaderWorkerSet's leader and
   * worker may differ): each is a subject of the one RoleBinding. Default: `serviceAccountName`.
   */
  serviceAccountNames?: readonly unknown[];
  createServiceAccount: boolean;
}

/**
 * Least privilege for the boot checkpoint: `get` on exactly the Secrets it waits for, bound to the
 * pod's ServiceAccount (made for the probe when the pod had none, without an automounted token: only
 * the checkpoint gets one, through its own projected volume). Empty when no Secret is waited for.
 * A RoleBinding's ServiceAccount subject needs a namespace: `default` when the workload sets none.
 */
export function probeRbac(input: ProbeRbacInput): Manifest[] {
  if (input.secretNames.length === 0) return [];
  const name = probeObjectName(input.name);
  const metadata = { name, ...(input.namespace === undefined ? {} : { namespace: input.namespace }) };
  const objects: Manifest[] = [];
  if (input.createServiceAccount) {
    objects.push({ apiVersion: 'v1', kind: 'ServiceAccount', metadata, automountServiceAccountToken: false });
  }
  objects.push(
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [
        { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: [...input.secretNames] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: (input.serviceAccountNames ?? [input.serviceAccountName]).map((account) => ({
        kind: 'ServiceAccount',
        name: account,
        namespace: input.namespace ?? 'default',
      })),
    },
  );
  return objects;
}
