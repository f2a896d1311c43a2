import type { Finding } from '../model/finding';

/**
 * The declared and effective values as the Pulumi and CDK reports print them under a finding's
 * message, aligned: `declared:  12.1` / `effective: 12.4 (tag 2.4.0-cuda12.4)`.
 */
export function valueLines(finding: Finding): string[] {
  const lines: string[] = [];
  if (finding.declared !== undefined) lines.push(`declared:  ${finding.declared}`);
  if (finding.effective !== undefined) {
    lines.push(`effective: ${finding.effective}${finding.source ? ` (${finding.source})` : ''}`);
  }
  return lines;
}
