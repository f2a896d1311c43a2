import type { Finding } from '../model/finding';
import { type Workload, workloadTarget } from '../model/workload';

/** The workload a finding is about: its target names it, and its position (if any) is in its file. */
export function findingWorkload(finding: Finding, workloads: readonly Workload[]): Workload | undefined {
  const file = finding.location?.file;
  return workloads.find((candidate) => {
    const target = workloadTarget(candidate);
    const named = finding.target === target || finding.target.startsWith(`${target} `);
    return named && (file === undefined || file === candidate.origin.file);
  });
}
