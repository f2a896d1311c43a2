import { createHash } from 'node:crypto';
import type { InputError } from '../errors';
import type { Finding, Severity } from '../model/finding';
import type { FormatContext } from './context';
import { findingText } from './finding-text';
import { locationLabel, validPosition } from './location-label';
import { repoPath } from './repo-path';
import { shownFinding, shownInputError } from './shown-finding';
import { summarize } from './summary';
import { summaryText } from './summary-text';
import { type AnnotationLevel, workflowCommand } from './workflow-command';

export { stepSummary } from './step-summary';

/** GitHub shows at most 10 error and 10 warning annotations per step; more are dropped silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

const ANNOTATION_LEVEL: Record<Severity, AnnotationLevel> = {
  error: 'error',
  warning: 'warning',
  note: 'notice',
};

/**
 * The `--format github` output: every finding as plain log text (the log is the only place that keeps
 * all of them), then at most 10 annotations per level, a line saying how many more were not
 * annotated, and the counts. The plain text sits between `stop-commands` and its token, so no text
 * from a finding can act as a workflow command, in the `::` form or the legacy `##[` one.
 */
export function formatGithub(rawFindings: readonly Finding[], context: FormatContext): string {
  // Text from inputs is shown with its hidden characters escaped (see shown-text.ts).
  const findings = rawFindings.map(shownFinding);
  const inputErrors = (context.inputErrors ?? []).map(shownInputError);
  const log = [
    ...inputErrors.map((error) => `error input ${error.describe(context.cwd)}`),
    ...findings.flatMap((finding) => logLines(finding, context.cwd)),
  ].join('\n');
  const lines = log ? [...commandsStopped(log)] : [];
  const annotated: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  // Inputs the run could not read come first: GitHub's first ten error annotations are the ones shown.
  for (const error of inputErrors) {
    annotated.error += 1;
    if (annotated.error <= ANNOTATIONS_PER_LEVEL) lines.push(inputErrorAnnotation(error, context.cwd));
  }
  for (const finding of findings) {
    const level = ANNOTATION_LEVEL[finding.severity];
    annotated[level] += 1;
    if (annotated[level] <= ANNOTATIONS_PER_LEVEL) lines.push(annotation(finding, level, context.cwd));
  }
  for (const [level, count] of Object.entries(annotated)) {
    if (count > ANNOTATIONS_PER_LEVEL) {
      lines.push(
        `${context.tool.name}: ${count - ANNOTATIONS_PER_LEVEL} more ${level} findings are not annotated ` +
          `(GitHub shows ${ANNOTATIONS_PER_LEVEL} per level); all ${count} are listed above and in the SARIF output.`,
      );
    }
  }
  const title = [context.tool.name, context.command].filter(Boolean).join(' ');
  const unread = inputErrors.length
    ? `; ${inputErrors.length} input error${inputErrors.length === 1 ? '' : 's'}`
    : '';
  lines.push(`${title}: ${summaryText(summarize(findings))}${unread}`);
  return `${lines.join('\n')}\n`;
}

/**
 * `log` wrapped in `::stop-commands::TOKEN` ... `::TOKEN::`. The token is a hash of the text it
 * guards: unpredictable to whoever wrote a message (it would have to contain its own hash), yet the
 * same output for the same findings.
 */
function commandsStopped(log: string): string[] {
  const token = createHash('sha256').update(log).digest('hex');
  return [`::stop-commands::${token}`, log, `::${token}::`];
}

function inputErrorAnnotation(error: InputError, cwd: string): string {
  const location = error.location?.file ? error.location : undefined;
  const line = validPosition(location?.line);
  return workflowCommand(
    'error',
    {
      file: location && repoPath(location.file, cwd),
      line,
      col: line === undefined ? undefined : validPosition(location?.column),
      title: 'input error',
    },
    error.field ? `${error.field}: ${error.message}` : error.message,
  );
}

function annotation(finding: Finding, level: AnnotationLevel, cwd: string): string {
  const location = finding.location?.file ? finding.location : undefined;
  const line = validPosition(location?.line);
  const col = line === undefined ? undefined : validPosition(location?.column);
  // GitHub takes an end column only on a one-line region.
  const oneLine = col !== undefined && validPosition(location?.endLine) === line;
  return workflowCommand(
    level,
    {
      file: location && repoPath(location.file, cwd),
      line,
      endLine: oneLine ? line : undefined,
      // A column means nothing without its line, so it is only ever sent with one.
      col,
      endColumn: oneLine ? validPosition(location?.endColumn) : undefined,
      title: finding.override ? `${finding.rule} (overridden)` : finding.rule,
    },
    findingText(finding, cwd, !location),
  );
}

/** `error model-card-skew deploy.yaml:12:5: message`, then every further line indented as `  - ...`. */
function logLines(finding: Finding, cwd: string): string[] {
  const location = finding.location?.file ? finding.location : undefined;
  const where = location ? locationLabel(location, cwd) : finding.target;
  // The target is named unless the header already shows it (a prompt file is its own target).
  const withTarget = location !== undefined && finding.target !== repoPath(location.file, cwd);
  const text = `${finding.severity} ${finding.rule} ${where}: ${findingText(finding, cwd, withTarget)}`;
  const [first = '', ...rest] = text.split(/\r\n|\r|\n/);
  return [first, ...rest.map((line) => `  - ${line}`)];
}
