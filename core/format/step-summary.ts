import type { Finding } from '../model/finding';
import type { FormatContext } from './context';
import { findingText } from './finding-text';
import { locationLabel } from './location-label';
import { shownFinding } from './shown-finding';
import { summarize } from './summary';
import { summaryText } from './summary-text';

/**
 * Markdown for `$GITHUB_STEP_SUMMARY`: a heading with the counts and one table row per finding,
 * the full set that annotations (10 per level) cannot show.
 */
export function stepSummary(
  rawFindings: readonly Finding[],
  context: Pick<FormatContext, 'tool' | 'command' | 'cwd'>,
): string {
  const title = [context.tool.name, context.command].filter(Boolean).join(' ');
  // Text from inputs is shown with its hidden characters escaped (see shown-text.ts).
  const findings = rawFindings.map(shownFinding);
  if (findings.length === 0) return `### ${title}: no findings\n`;
  const rows = findings.map((finding) => {
    const where = finding.location?.file ? locationLabel(finding.location, context.cwd) : '';
    const cells = [
      finding.severity,
      `\`${finding.rule}\``,
      cell(finding.target),
      cell(where),
      cell(findingText(finding, context.cwd)),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  return [
    `### ${title}: ${summaryText(summarize(findings))}`,
    '',
    '| severity | rule | target | location | message |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

/**
 * Untrusted text as one table cell: Markdown punctuation backslash-escaped (so `|` cannot end the cell
 * and `<`, `[`, `*` cannot become HTML, links or emphasis), line breaks as `<br>`.
 */
function cell(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~&!]/g, (char) => `\\${char}`)
    .split(/\r\n|\r|\n/)
    .join('<br>');
}
