import { InputError } from '../core/errors';
import type { FormatContext } from '../core/format/context';
import type * as Github from '../core/format/github';
import type * as Json from '../core/format/json';
import type * as Sarif from '../core/format/sarif';
import type * as Text from '../core/format/text';
import { packageVersion } from '../core/loaders/package-version';
import type { Finding, Passed } from '../core/model/finding';
import type * as OutputFiles from '../core/output/output-files';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github';

export interface RenderOptions {
  command: string;
  cwd: string;
  heading: string;
  /** Where SARIF places findings that have no position of their own: the config file, if any. */
  anchorFile?: string;
  /** The stream the report goes to, to decide on colour; absent when it goes to a file. */
  stream?: NodeJS.WriteStream;
  /** Inputs that could not be read; every format reports them. */
  inputErrors?: readonly InputError[];
  /** What was checked, counted: the JSON summary carries them. */
  counts?: Json.SummaryExtras;
}

/** Turns findings into the chosen format. `github` also appends a table to $GITHUB_STEP_SUMMARY when set. */
export function renderFindings(
  format: OutputFormat,
  findings: Finding[],
  passed: Passed[],
  options: RenderOptions,
): string {
  const context: FormatContext = {
    tool: { name: 'preflight-guard', version: packageVersion() },
    command: options.command,
    cwd: options.cwd,
    anchorFile: options.anchorFile,
    inputErrors: options.inputErrors,
  };
  // Each format's module is loaded when it is chosen: SARIF and GitHub fingerprints need node:crypto.
  switch (format) {
    case 'json': {
      const { formatJson } = require('../core/format/json') as typeof Json;
      return formatJson(findings, context, options.counts);
    }
    case 'sarif': {
      const { formatSarif } = require('../core/format/sarif') as typeof Sarif;
      return formatSarif(findings, context);
    }
    case 'github': {
      const { formatGithub, stepSummary } = require('../core/format/github') as typeof Github;
      const summaryFile = process.env.GITHUB_STEP_SUMMARY;
      if (summaryFile) appendStepSummary(summaryFile, stepSummary(findings, context));
      return formatGithub(findings, context);
    }
    default: {
      const { formatText } = require('../core/format/text') as typeof Text;
      return formatText(findings, passed, {
        color: useColor(options.stream),
        cwd: options.cwd,
        heading: options.heading,
        action: 'deploy',
        inputErrors: options.inputErrors,
      });
    }
  }
}

/**
 * The step summary is a courtesy beside the annotations: one that cannot be written (the variable points
 * at a folder, say) is a warning naming the variable and the path, and the run's verdict and exit code
 * stay what the findings make them.
 */
function appendStepSummary(file: string, markdown: string): void {
  // The writer (node:crypto for its temporary names) is loaded only when a summary is written.
  const { writeOutputFile } = require('../core/output/output-files') as typeof OutputFiles;
  try {
    writeOutputFile(file, markdown, { append: true });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(
      `preflight: warning: GITHUB_STEP_SUMMARY ${file}: ${error.message}; no step summary written\n`,
    );
  }
}

/** Colour only for a terminal, and never when NO_COLOR is set (no-color.org); FORCE_COLOR wins. */
export function useColor(stream: NodeJS.WriteStream | undefined): boolean {
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return Boolean(stream?.isTTY);
}
