import { relative } from 'node:path';
import { append } from '../append';
import type { InputError } from '../errors';
import type { Finding, Passed, Severity } from '../model/finding';
import type { Location } from '../model/location';
import { groupBy } from './group-by';
import { shortHash } from './short-hash';
import { shownFinding, shownPassed } from './shown-finding';
import { shownText } from './shown-text';

export interface TextOptions {
  color: boolean;
  cwd: string;
  /** First line, e.g. `preflight check · 3 workloads · 1 model card`. */
  heading: string;
  /** What the blocked action is called in the verdict line: `deploy`. */
  action: string;
  /** Inputs the run could not read: listed after the findings, and the verdict never says "safe". */
  inputErrors?: readonly InputError[];
}

const MARK: Record<Severity | 'pass', string> = { pass: '✔', error: '✖', warning: '⚠', note: 'ℹ' };
const TINT: Record<Severity | 'pass', number> = { pass: 32, error: 31, warning: 33, note: 36 };
const LEADER_WIDTH = 26;

/**
 * The human format: per target, a dotted check list with ✔ for checks that passed and ✖ / ⚠ / ℹ for
 * findings, declared against effective and what to do; then the inputs that could not be read; then
 * the verdict.
 */
export function formatText(
  rawFindings: readonly Finding[],
  rawPassed: readonly Passed[],
  rawOptions: TextOptions,
): string {
  // Text from inputs is shown with its hidden characters escaped (see shown-text.ts).
  const findings = rawFindings.map(shownFinding);
  const passed = rawPassed.map(shownPassed);
  // Input errors are printed by `describe`, which escapes them itself.
  const options = { ...rawOptions, heading: shownText(rawOptions.heading) };
  const paint = (code: number, text: string) => (options.color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const dim = (text: string) => paint(2, text);
  const lines: string[] = [options.heading, ''];
  const targets = [
    ...new Set([...passed.map((pass) => pass.target), ...findings.map((finding) => finding.target)]),
  ];
  const passedBy = groupBy(passed, (pass) => pass.target);
  const findingsBy = groupBy(findings, (finding) => finding.target);
  for (const target of targets) {
    lines.push(paint(1, target));
    for (const pass of passedBy.get(target) ?? []) {
      const value = shortHash(pass.value ?? '');
      const source = pass.source ? dim(`  (${pass.source})`) : '';
      lines.push(`  ${paint(TINT.pass, MARK.pass)} ${leader(pass.subject)} ${value}${source}`);
    }
    for (const finding of findingsBy.get(target) ?? []) {
      append(lines, findingLines(finding, options, paint, dim));
    }
    lines.push('');
  }
  const inputErrors = options.inputErrors ?? [];
  if (inputErrors.length > 0) {
    lines.push(paint(1, `not checked: ${plural(inputErrors.length, 'input error')}`));
    for (const error of inputErrors) {
      lines.push(`  ${paint(TINT.error, MARK.error)} ${error.describe(options.cwd)}`);
    }
    lines.push('');
  }
  append(lines, verdict(findings, passed.length, inputErrors.length, options, paint));
  return `${lines.join('\n')}\n`;
}

function findingLines(
  finding: Finding,
  options: TextOptions,
  paint: (code: number, text: string) => string,
  dim: (text: string) => string,
): string[] {
  const mark = paint(TINT[finding.severity], MARK[finding.severity]);
  const lines = [`  ${mark} ${finding.message}  ${dim(finding.rule)}`];
  if (finding.declared !== undefined || finding.effective !== undefined) {
    if (finding.declared !== undefined) lines.push(`      ${leader('declared', 12)} ${finding.declared}`);
    if (finding.effective !== undefined) {
      lines.push(
        `      ${leader('effective', 12)} ${finding.effective}${finding.source ? dim(`  (${finding.source})`) : ''}`,
      );
    }
  }
  if (finding.location) lines.push(`      ${dim(`at ${where(finding.location, options.cwd)}`)}`);
  if (finding.fix && !finding.override) lines.push(`      → ${finding.fix}`);
  return lines;
}

function verdict(
  findings: readonly Finding[],
  passedCount: number,
  inputErrors: number,
  options: TextOptions,
  paint: (code: number, text: string) => string,
): string[] {
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  const unread = inputErrors > 0 ? `, ${plural(inputErrors, 'input error')}` : '';
  const tally = `${passedCount} passed, ${plural(errors, 'blocking finding')}, ${plural(warnings, 'warning')}${unread}`;
  if (errors === 0 && inputErrors === 0) {
    return [paint(TINT.pass, `${MARK.pass} ${tally}`), `→ Safe to ${options.action}.`];
  }
  if (errors === 0) {
    return [
      paint(TINT.error, `${MARK.error} ${tally}`),
      paint(
        TINT.error,
        `→ Not checked in full (${plural(inputErrors, 'input error')}): fix the inputs listed above and run again.`,
      ),
    ];
  }
  const rules = [...new Set(findings.filter((finding) => finding.severity === 'error').map((f) => f.rule))];
  return [
    paint(TINT.error, `${MARK.error} ${tally}`),
    paint(
      TINT.error,
      `→ Aborting ${options.action} (${plural(errors, 'blocking finding')}: ${rules.join(', ')}${unread ? `; and ${plural(inputErrors, 'input error')}` : ''}). Fix them, or add an override with a reason to preflight.yaml.`,
    ),
  ];
}

function leader(label: string, width = LEADER_WIDTH): string {
  return label.length + 2 >= width ? `${label} ..` : `${label} ${'.'.repeat(width - label.length - 1)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function where(location: Location, cwd: string): string {
  const file = shownText(relative(cwd, location.file) || location.file);
  return [file, location.line, location.column].filter((part) => part !== undefined).join(':');
}
