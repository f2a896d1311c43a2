import type { Workload } from '../model/workload';

/**
 * The images registry lookups are made for: those of app containers, which model cards speak about.
 * Init containers and sidecars run infrastructure images, and resolving them would only add calls.
 */
export function imagesToResolve(workloads: readonly Workload[]): string[] {
  const images = workloads.flatMap((workload) =>
    workload.containers.flatMap((container) =>
      container.kind === 'app' && container.image !== undefined ? [container.image] : [],
    ),
  );
  return [...new Set(images)];
}
