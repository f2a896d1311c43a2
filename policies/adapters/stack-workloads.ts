import type { PolicyResource } from '@pulumi/policy';
import { InputError } from '../../core/errors';
import type { Workload } from '../../core/model/workload';
import { knownProps } from './known-props';
import { workloadsFromResource } from './workloads';

export interface StackWorkloads {
  workloads: Workload[];
  /** Resources whose properties could not be read as workloads, with why. */
  unreadable: { urn: string; message: string }[];
}

/** The workloads of every resource in the stack; a resource that cannot be read is named, not skipped. */
export function stackWorkloads(resources: readonly PolicyResource[]): StackWorkloads {
  const result: StackWorkloads = { workloads: [], unreadable: [] };
  for (const resource of resources) {
    const props = knownProps(resource.props);
    try {
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
  return result;
}
