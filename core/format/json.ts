import type { InputError } from '../errors';
import type { Finding } from '../model/finding';
import type { Location } from '../model/location';
import type { FileReading, FormatContext } from './context';
import { validPosition } from './location-label';
import { repoPath } from './repo-path';
import { shownFinding, shownInputError } from './shown-finding';
import { jsonWithHiddenEscaped } from './shown-text';
import { type Summary, summarize } from './summary';

/** Counts a command adds to the summary (e.g. `passed`); they never replace the summary's own keys. */
export type SummaryExtras = Record<string, string | number | boolean>;

/**
 * The `--format json` document: `{ findings, errors, summary }`, keys in a fixed order, optional keys
 * left out when absent, paths relative to the repository root; pretty-printed with a trailing newline.
 * `errors` lists the inputs the run could not read (empty when it read everything); `files`, when the
 * command says how it read each file, lists them with their dialect.
 */
export function formatJson(
  findings: readonly Finding[],
  context: Pick<FormatContext, 'cwd' | 'inputErrors' | 'readAs'>,
  extras: SummaryExtras = {},
): string {
  const summary: Summary & SummaryExtras = { ...summarize(findings) };
  for (const [key, value] of Object.entries(extras)) if (!(key in summary)) summary[key] = value;
  const document = {
    findings: findings.map((finding) => findingJson(shownFinding(finding), context.cwd)),
    errors: (context.inputErrors ?? []).map((error) => errorJson(shownInputError(error), context.cwd)),
    files: context.readAs?.map((reading) => readingJson(reading, context.cwd)),
    summary,
  };
  // Messages show hidden characters escaped; exact fields (file paths) keep them as JSON escapes.
  return `${jsonWithHiddenEscaped(JSON.stringify(document, null, 2))}\n`;
}

/** Keys with an undefined value are left out by `JSON.stringify`, which is how optional keys stay absent. */
function findingJson(finding: Finding, cwd: string): object {
  const { override } = finding;
  return {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    target: finding.target,
    location: finding.location && locationJson(finding.location, cwd),
    declared: finding.declared,
    effective: finding.effective,
    source: finding.source,
    fix: finding.fix,
    override: override && {
      reason: override.reason,
      expires: override.expires,
      location: override.location && locationJson(override.location, cwd),
    },
  };
}

function errorJson(error: InputError, cwd: string): object {
  return {
    message: error.message,
    field: error.field,
    location: error.location && locationJson(error.location, cwd),
  };
}

function readingJson(reading: FileReading, cwd: string): object {
  return { file: repoPath(reading.file, cwd), dialect: reading.dialect, byContent: reading.byContent };
}

function locationJson(location: Location, cwd: string): object {
  const line = validPosition(location.line);
  const endLine = line === undefined ? undefined : validPosition(location.endLine);
  return {
    file: repoPath(location.file, cwd),
    line,
    column: line === undefined ? undefined : validPosition(location.column),
    endLine,
    endColumn: endLine === undefined ? undefined : validPosition(location.endColumn),
  };
}
