import type { PolicyResource } from '@pulumi/policy';
import { InputError } from '../../core/errors';
import type { Workload } from '../../core/model/workload';
import { linkWorkloads } from '../../core/workloads';
import { type DeviceClaimObject, resolveDeviceClaims } from '../../core/workloads/device-claims';
import { knownProps } from './known-props';
import { deviceClaimsFromResource, workloadsFromResource } from './workloads';

export interface StackWorkloads {
  workloads: Workload[];
  /** Resources whose properties could not be read as workloads, with why. */
  unreadable: { urn: string; message: string }[];
}

/**
 * @pulumi/policy hands each stack policy its own copy of the same resources within one AnalyzeStack,
 * and a pack process serves one preview: the stack read for one policy serves the next ones.
 */
let lastStack: { urns: string; result: StackWorkloads } | undefined;

/** The workloads of every resource in the stack; a resource that cannot be read is named, not skipped. */
export function stackWorkloads(resources: readonly PolicyResource[]): StackWorkloads {
  const urns = resources.map((resource) => resource.urn).join('\n');
  if (lastStack?.urns === urns) return lastStack.result;
  const result = readStack(resources);
  lastStack = { urns, result };
  // Across the stack, as `preflight check` does across its inputs: a KServe `model:` gets its
  // ServingRuntime's container, a Rollout's `workloadRef` its Deployment.
  result.workloads = linkWorkloads(result.workloads);
  return result;
}

function readStack(resources: readonly PolicyResource[]): StackWorkloads {
  const result: StackWorkloads = { workloads: [], unreadable: [] };
  const deviceClaims: DeviceClaimObject[] = [];
  for (const resource of resources) {
    const props = knownProps(resource.props);
    try {
      deviceClaims.push(...deviceClaimsFromResource({ ...resource, props }));
      result.workloads.push(...workloadsFromResource({ ...resource, props }));
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const field = error.field ? `${error.field}: ` : '';
      const why = props.unknownPaths.length
        ? ' (parts of it are unknown at preview; it cannot be verified)'
        : '';
      result.unreadable.push({
        urn: resource.urn,
        message: `cannot read ${resource.type} ${resource.name}: ${field}${error.message}${why}`,
      });
    }
  }
  resolveDeviceClaims(result.workloads, deviceClaims);
  // Across the stack, as `preflight check` does across its inputs: a KServe `model:` gets its
  // ServingRuntime's container, a Rollout's `workloadRef` its Deployment.
  result.workloads = linkWorkloads(result.workloads);
  return result;
}
