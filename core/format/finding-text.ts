import type { Finding } from '../model/finding';
import { locationLabel } from './location-label';

/**
 * The finding's message followed by one line each for what was declared, what is effective and
 * where that came from, what to do, and the override that applied: the full text SARIF results and
 * GitHub annotations carry, since neither has fields for these.
 */
export function findingText(finding: Finding, cwd: string, withTarget = false): string {
  const lines = [finding.message];
  // Output that has no place for the target (a result anchored to a stand-in file) names it here.
  if (withTarget && finding.target) lines.push(`target: ${finding.target}`);
  if (finding.declared !== undefined) lines.push(`declared: ${shown(finding.declared)}`);
  if (finding.effective !== undefined) {
    const source = finding.source ? ` (from ${finding.source})` : '';
    lines.push(`effective: ${shown(finding.effective)}${source}`);
  } else if (finding.source) {
    lines.push(`source: ${finding.source}`);
  }
  if (finding.fix) lines.push(`fix: ${finding.fix}`);
  const override = finding.override;
  if (override) {
    const where = override.location ? ` in ${locationLabel(override.location, cwd)}` : '';
    const expires = override.expires ? ` (expires ${override.expires})` : '';
    lines.push(`overridden${where}: ${override.reason}${expires}`);
  }
  return lines.join('\n');
}

/** An empty value is a real value (`CUDA_VISIBLE_DEVICES=`), so it is named rather than left blank. */
function shown(value: string): string {
  return value === '' ? '(empty)' : value;
}
