import type { SourceDocument } from '../loaders/documents';
import type { Container, DeviceClaimUse, Workload } from '../model/workload';
import { isRecord, listAt, recordAt, recordsAt, requiredText, textAt } from './fields';
import { kubernetesObjects } from './kubernetes-objects';

type Path = (string | number)[];

/**
 * Dynamic Resource Allocation (resource.k8s.io, GA in Kubernetes 1.34; kubernetes.io "Dynamic Resource
 * Allocation", API reference ResourceClaim v1 / v1beta1): a container lists `resources.claims[]` (`name`,
 * optional `request`), each naming an entry of the pod's `spec.resourceClaims[]`, which points at a
 * ResourceClaimTemplate (`resourceClaimTemplateName`) or a ResourceClaim (`resourceClaimName`). Their
 * `spec.devices.requests[]` (a template's under `spec.spec`) ask for devices of a DeviceClass:
 * `exactly.deviceClassName` (v1, v1beta2), `deviceClassName` (v1beta1), or `firstAvailable[].deviceClassName`.
 */
const DRA_GROUP = 'resource.k8s.io';

/**
 * The DeviceClasses NVIDIA's DRA driver (NVIDIA/k8s-dra-driver-gpu) installs for GPUs: whole GPUs and
 * MIG slices. Its other classes (compute-domain IMEX channels) are not GPUs.
 */
const NVIDIA_GPU_CLASSES: ReadonlySet<string> = new Set(['gpu.nvidia.com', 'mig.nvidia.com']);

/** A DeviceClass written in the inputs selects NVIDIA GPUs when its CEL selectors name that driver. */
const NVIDIA_GPU_DRIVER = /["']gpu\.nvidia\.com["']/;

/** One device request of a claim, as far as GPUs are concerned. */
interface ClaimRequest {
  name: string;
  deviceClasses: string[];
  /** How many devices it asks for (`count`, 1 by default; `allocationMode: All` counts as 1, at least). */
  count: number;
}

/** A ResourceClaimTemplate, ResourceClaim or DeviceClass written in the inputs. */
export interface DeviceClaimObject {
  kind: 'ResourceClaimTemplate' | 'ResourceClaim' | 'DeviceClass';
  name: string;
  namespace?: string;
  requests: ClaimRequest[];
  /** DeviceClass only: whether it selects NVIDIA GPUs. */
  nvidiaGpu?: boolean;
}

/** The claims one container uses (`resources.claims[]`); their sources are linked by `linkPodClaims`. */
export function containerClaims(doc: SourceDocument, resources: unknown, path: Path): DeviceClaimUse[] {
  const record = recordAt(doc, resources, path);
  if (!record) return [];
  return recordsAt(doc, record.claims, [...path, 'claims']).map(({ entry, path: claimPath }) => {
    const request = textAt(doc, entry.request, [...claimPath, 'request']);
    return {
      name: requiredText(doc, entry, 'name', claimPath),
      ...(request ? { request } : {}),
      path: claimPath,
    };
  });
}

/** Points each container's claim at what the pod's `resourceClaims[]` entry of that name names. */
export function linkPodClaims(
  doc: SourceDocument,
  podSpec: Record<string, unknown>,
  podPath: Path,
  containers: readonly Container[],
): void {
  if (!containers.some((container) => container.deviceClaims?.length)) return;
  const sources = new Map<string, NonNullable<DeviceClaimUse['source']>>();
  for (const { entry, path } of recordsAt(doc, podSpec.resourceClaims, [...podPath, 'resourceClaims'])) {
    const template = textAt(doc, entry.resourceClaimTemplateName, [...path, 'resourceClaimTemplateName']);
    const claim = textAt(doc, entry.resourceClaimName, [...path, 'resourceClaimName']);
    const name = requiredText(doc, entry, 'name', path);
    if (template) sources.set(name, { kind: 'ResourceClaimTemplate', name: template });
    else if (claim) sources.set(name, { kind: 'ResourceClaim', name: claim });
  }
  for (const container of containers) {
    for (const use of container.deviceClaims ?? []) {
      const source = sources.get(use.name);
      if (source) use.source = source;
    }
  }
}

/** The ResourceClaimTemplates, ResourceClaims and DeviceClasses of one document. */
export function deviceClaimObjects(doc: SourceDocument): DeviceClaimObject[] {
  const objects: DeviceClaimObject[] = [];
  for (const { value, apiVersion, kind, path } of kubernetesObjects(doc)) {
    if (!apiVersion.startsWith(`${DRA_GROUP}/`)) continue;
    if (kind !== 'ResourceClaimTemplate' && kind !== 'ResourceClaim' && kind !== 'DeviceClass') continue;
    const metadata = recordAt(doc, value.metadata, [...path, 'metadata']) ?? {};
    const name = textAt(doc, metadata.name, [...path, 'metadata', 'name']);
    if (!name) continue;
    const namespace = textAt(doc, metadata.namespace, [...path, 'metadata', 'namespace']);
    const base = { kind, name, ...(namespace ? { namespace } : {}) } as const;
    if (kind === 'DeviceClass') {
      const spec = isRecord(value.spec) ? value.spec : {};
      const selectors = Array.isArray(spec.selectors) ? spec.selectors.filter(isRecord) : [];
      const nvidiaGpu = selectors.some(
        (selector) =>
          isRecord(selector.cel) &&
          typeof selector.cel.expression === 'string' &&
          NVIDIA_GPU_DRIVER.test(selector.cel.expression),
      );
      objects.push({ ...base, requests: [], nvidiaGpu });
      continue;
    }
    const specPath = kind === 'ResourceClaimTemplate' ? [...path, 'spec', 'spec'] : [...path, 'spec'];
    const spec = isRecord(value.spec) ? value.spec : {};
    const claimSpec = kind === 'ResourceClaimTemplate' ? (isRecord(spec.spec) ? spec.spec : {}) : spec;
    const devices = isRecord(claimSpec.devices) ? claimSpec.devices : {};
    const requests = listAt(doc, devices.requests, [...specPath, 'devices', 'requests']) ?? [];
    objects.push({ ...base, requests: requests.filter(isRecord).map(claimRequest) });
  }
  return objects;
}

function claimRequest(request: Record<string, unknown>): ClaimRequest {
  const exactly = isRecord(request.exactly) ? request.exactly : request;
  const alternatives = Array.isArray(request.firstAvailable)
    ? request.firstAvailable.filter(isRecord)
    : [exactly];
  const deviceClasses = alternatives.flatMap((each) =>
    typeof each.deviceClassName === 'string' ? [each.deviceClassName] : [],
  );
  const count = typeof exactly.count === 'number' && exactly.count > 0 ? exactly.count : 1;
  return { name: typeof request.name === 'string' ? request.name : '', deviceClasses, count };
}

/**
 * Resolves every container's claims against the objects in the inputs: a claim whose requests ask for
 * NVIDIA GPUs adds them to the container's `gpus`. A claim whose source (or whose request's device
 * class) is not in the inputs and not a known NVIDIA class stays unresolved (`gpus` undefined): whether
 * it is a GPU cannot be told, and gpu-probe-attached says so.
 */
export function resolveDeviceClaims(
  workloads: readonly Workload[],
  objects: readonly DeviceClaimObject[],
): void {
  const classes = new Map(
    objects
      .filter((object) => object.kind === 'DeviceClass')
      .map((object) => [object.name, object.nvidiaGpu]),
  );
  const isGpuClass = (name: string): boolean | undefined =>
    NVIDIA_GPU_CLASSES.has(name) ? true : classes.get(name);
  for (const workload of workloads) {
    for (const container of workload.containers) {
      for (const use of container.deviceClaims ?? []) {
        if (use.gpus !== undefined || !use.source) continue;
        const { kind, name } = use.source;
        const object = objects.find(
          (candidate) =>
            candidate.kind === kind &&
            candidate.name === name &&
            (candidate.namespace === undefined ||
              workload.namespace === undefined ||
              candidate.namespace === workload.namespace),
        );
        if (!object) continue;
        const requests = object.requests.filter((request) => !use.request || request.name === use.request);
        let gpus = 0;
        let unknown = false;
        for (const request of requests) {
          const verdicts = request.deviceClasses.map(isGpuClass);
          if (verdicts.includes(true)) gpus += request.count;
          else if (verdicts.includes(undefined)) unknown = true;
        }
        if (gpus === 0 && unknown) continue;
        use.gpus = gpus;
        container.gpus += gpus;
      }
    }
  }
}
