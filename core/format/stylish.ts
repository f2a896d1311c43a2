import type { Finding, Severity } from '../model/finding';
import { groupBy } from './group-by';
import { validPosition } from './location-label';
import { repoPath } from './repo-path';
import { shownFinding } from './shown-finding';
import { shownText } from './shown-text';

export interface StylishOptions {
  /** ANSI colour; the caller decides from the terminal and NO_COLOR. */
  color: boolean;
  cwd: string;
}

const TINT: Record<Severity, number> = { error: 31, warning: 33, note: 36 };

/**
 * ESLint's "stylish" layout: per file its underlined path, then one aligned row per finding
 * (`line:col  severity  message  rule`, position and rule dimmed, the message's final period
 * dropped), a blank line, and `✖ N problems (E errors, W warnings)`, red with any error, else
 * yellow. Nothing at all when there is nothing to report.
 */
export function formatStylish(rawFindings: readonly Finding[], options: StylishOptions): string {
  if (rawFindings.length === 0) return '';
  // Text from inputs is shown with its hidden characters escaped (see shown-text.ts).
  const findings = rawFindings.map(shownFinding);
  const paint = (code: number, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const groups = groupBy(findings, (finding) =>
    finding.location?.file ? shownText(repoPath(finding.location.file, options.cwd)) : finding.target,
  );
  const lines: string[] = [];
  for (const [file, group] of groups) {
    const rows = [...group].sort(byPosition).map((finding) => ({
      position: position(finding),
      severity: finding.severity,
      message: finding.message.replace(/\.$/, ''),
      rule: finding.rule,
    }));
    const width = (pick: (row: (typeof rows)[number]) => string) =>
      rows.reduce((widest, row) => Math.max(widest, pick(row).length), 0);
    const [positionWidth, severityWidth, messageWidth] = [
      width((row) => row.position),
      width((row) => row.severity),
      width((row) => row.message),
    ];
    lines.push(paint(4, file));
    for (const row of rows) {
      lines.push(
        [
          '',
          paint(2, row.position.padEnd(positionWidth)),
          paint(TINT[row.severity], row.severity.padEnd(severityWidth)),
          row.message.padEnd(messageWidth),
          paint(2, row.rule),
        ].join('  '),
      );
    }
    lines.push('');
  }
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  const notes = count('note');
  const tally = [
    plural(errors, 'error'),
    plural(count('warning'), 'warning'),
    ...(notes > 0 ? [plural(notes, 'note')] : []),
  ];
  const summary = `✖ ${plural(findings.length, 'problem')} (${tally.join(', ')})`;
  lines.push(paint(1, paint(errors > 0 ? TINT.error : TINT.warning, summary)));
  return `${lines.join('\n')}\n`;
}

function position(finding: Finding): string {
  const line = validPosition(finding.location?.line);
  const column = line === undefined ? undefined : validPosition(finding.location?.column);
  return line === undefined ? '' : `${line}:${column ?? 0}`;
}

function byPosition(a: Finding, b: Finding): number {
  return (
    (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0)
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
