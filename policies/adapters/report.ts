import type { ReportViolation } from '@pulumi/policy';
import { shownText } from '../../core/format/shown-text';
import { valueLines } from '../../core/format/value-lines';
import type { Finding } from '../../core/model/finding';
import { withoutSecrets } from '../../core/model/secret-value';
import { type Workload, workloadTarget } from '../../core/model/workload';
import { inPackWords } from './pack-wording';

/** The object form of a violation, which @pulumi/policy 1.21 (pinned) honours with its own level. */
interface ViolationObject {
  message: string;
  urn?: string;
  enforcementLevel: 'advisory';
}

/**
 * Reports core findings as violations, each attributed to the resource it is about. Errors take the
 * policy's own level (mandatory blocks the preview); warnings and notes, an overridden finding
 * included, are always advisory, so they show without blocking.
 */
export function reportFindings(
  findings: readonly Finding[],
  workloads: readonly Workload[],
  description: string,
  report: ReportViolation,
): void {
  const secrets = workloads.flatMap((workload) => workload.secretValues ?? []);
  for (const finding of findings) {
    const workload = workloadOf(finding, workloads);
    const urn = workload?.origin.urn;
    // Rules label the values they know to be tainted; this catches any other way one got in.
    // Then each line's hidden characters escaped, as every report does: a name cannot reorder the line.
    const text = withoutSecrets(withRole(violationText(finding), finding, workload), secrets)
      .split('\n')
      .map(shownText)
      .join('\n');
    if (finding.severity === 'error') {
      report(text, urn);
    } else {
      const advisory: ViolationObject = {
        message: `${description}\n${text}`,
        urn,
        enforcementLevel: 'advisory',
      };
      (report as unknown as (violation: ViolationObject) => void)(advisory);
    }
  }
}

/** The finding as the lines `pulumi preview` prints under the policy name. Never a secret value. */
export function violationText(finding: Finding): string {
  const lines = [inPackWords(finding.message), ...valueLines(finding)];
  if (finding.fix && !finding.override) lines.push(`fix: ${inPackWords(finding.fix)}`);
  return lines.join('\n');
}

function workloadOf(finding: Finding, workloads: readonly Workload[]): Workload | undefined {
  return workloads.find(
    (candidate) =>
      finding.target === workloadTarget(candidate) ||
      finding.target.startsWith(`${workloadTarget(candidate)} `),
  );
}

/**
 * One resource holds several pod templates (a LeaderWorkerSet's leader and worker): a finding about
 * one of them says which, as `preflight check` does, unless its message names it already.
 */
function withRole(text: string, finding: Finding, workload: Workload | undefined): string {
  if (workload?.role === undefined || text.includes(workloadTarget(workload))) return text;
  return `${finding.target}: ${text}`;
}
