import type { Finding } from '../model/finding';

export interface Summary {
  errors: number;
  warnings: number;
  notes: number;
  /** Findings an override downgraded; they are also counted as warnings. */
  overridden: number;
  /** Any error: the CLI exits 1, a Pulumi mandatory policy fails. */
  blocking: boolean;
}

export function summarize(findings: readonly Finding[]): Summary {
  const count = (severity: Finding['severity']) =>
    findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  return {
    errors,
    warnings: count('warning'),
    notes: count('note'),
    overridden: findings.filter((finding) => finding.override !== undefined).length,
    blocking: errors > 0,
  };
}
