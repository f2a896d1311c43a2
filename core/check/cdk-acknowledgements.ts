import { visibleText } from '../format/shown-text';
import type { Finding } from '../model/finding';
import type { Workload } from '../model/workload';
import type { StackRecord } from '../workloads/cloud-assembly';
import { findingWorkload } from './finding-workload';

/** The CDK validation plugin's name: acknowledgements name rules as `preflight-guard::<rule>`. */
export const CDK_RULE_NAMESPACE = 'preflight-guard';

/** The shortest reason an acknowledgement may give (cdk-nag's rule for suppressions). */
export const MIN_REASON_LENGTH = 10;

/**
 * What `cdk synth` does with `Validations.of(scope).acknowledge({ id: 'preflight-guard::<rule>', reason })`,
 * done on the files: a blocking finding on a resource at or under the acknowledging construct (the
 * closest one wins) becomes a warning that shows the reason, as an override does. An acknowledgement
 * without a real reason applies to nothing (the plugin fails synth on it).
 */
export function applyAcknowledgements(
  findings: readonly Finding[],
  workloads: readonly Workload[],
  stacks: ReadonlyMap<string, StackRecord>,
): Finding[] {
  if (![...stacks.values()].some((stack) => stack.acknowledgements.size > 0)) return [...findings];
  return findings.map((finding) => {
    if (finding.severity !== 'error') return finding;
    const workload = findingWorkload(finding, workloads);
    const stack = workload?.origin.file ? stacks.get(workload.origin.file) : undefined;
    const path = workload?.origin.logicalId && stack?.constructPaths.get(workload.origin.logicalId);
    if (!stack || !path) return finding;
    const id = `${CDK_RULE_NAMESPACE}::${finding.rule}`;
    for (let at = path; at !== ''; at = at.slice(0, Math.max(at.lastIndexOf('/'), 0))) {
      const reason = stack.acknowledgements.get(at)?.[id];
      if (reason === undefined) continue;
      // Invisible characters are no reason: only what a reader sees counts.
      if (visibleText(reason).trim().length < MIN_REASON_LENGTH) return finding;
      return {
        ...finding,
        severity: 'warning' as const,
        message: `${finding.message} [acknowledged at ${at.replace(/^\//, '')}: ${reason}]`,
        override: { reason, location: { file: stack.file } },
      };
    }
    return finding;
  });
}
