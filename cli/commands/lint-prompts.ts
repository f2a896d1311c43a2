import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { applyOverrides } from '../../core/check/apply-overrides';
import { InputError } from '../../core/errors';
import { formatJson } from '../../core/format/json';
import { repoPath } from '../../core/format/repo-path';
import type * as Sarif from '../../core/format/sarif';
import { shownText } from '../../core/format/shown-text';
import { formatStylish } from '../../core/format/stylish';
import { discoverConfig } from '../../core/loaders/config';
import { packageVersion } from '../../core/loaders/package-version';
import { promptInputs } from '../../core/loaders/prompt-inputs';
import { loadPromptVars, noPromptVars } from '../../core/loaders/prompt-vars';
import type { Finding, RuleId } from '../../core/model/finding';
import type * as PromptLinting from '../../core/prompts/lint-prompt-files';
import type { Command } from '../command';
import { outputFormat, parseReportCommand } from '../command-line';
import { type OutputFormat, renderFindings, useColor } from '../render';
import { writeReport } from '../write-report';

const PROMPT_RULES: readonly RuleId[] = ['prompt-template-vars', 'invisible-unicode'];

export const lintPromptsCommand: Command = {
  name: 'lint-prompts',
  summary: 'lint prompt templates: variables nothing fills, syntax errors, invisible Unicode',
  usage: `Usage: preflight lint-prompts [PATH|GLOB...] [options]

Lints prompt templates for variables nothing fills (not declared in prompt_vars.yaml, no default or
guard in the template), declared variables no template uses, template syntax errors, and invisible or
bidirectional Unicode characters. PATHs are files, folders, or quoted globs ('prompts/**/*.j2');
default: the current folder. Dialects come from the file name (.j2 .jinja .jinja2 .hbs .handlebars
.mustache, chat_template.jinja, the chat_template of tokenizer_config.json) or prompts.dialects in
preflight.yaml (shell, fstring and any other extension).

Options:
  -c, --config FILE    preflight.yaml (default: ./preflight.yaml when it exists)
      --vars FILE      prompt_vars.yaml (default: prompts.vars in the config, else ./prompt_vars.yaml
                       when it exists)
  -f, --format FORMAT  text (default, eslint-style), json, sarif or github
  -o, --output FILE    write the report to FILE (atomically) instead of standard output

Files that cannot be read (missing, binary, too large, not UTF-8, broken JSON) are skipped with the
reason on standard error, and the others are linted.
Exit codes: 0 no errors (warnings allowed), 1 errors, 2 usage, config or prompt_vars.yaml error, or
any file skipped (a run that did not read everything never passes).`,
  run: runLintPrompts,
};

/** `preflight lint-prompts [PATH|GLOB...]`: returns the exit code. */
function runLintPrompts(argv: string[]): number {
  const options = parseLintArgs(argv);
  const cwd = process.cwd();
  const { config } = discoverConfig(options.config);
  const varsFile = options.vars
    ? resolve(options.vars)
    : (config.prompts.vars ?? (existsSync('prompt_vars.yaml') ? resolve('prompt_vars.yaml') : undefined));
  const vars = varsFile ? loadPromptVars(varsFile) : noPromptVars(cwd);

  const paths = options.paths.length ? options.paths : ['.'];
  const { inputs, skipped } = promptInputs(paths, cwd, config.prompts.dialects);
  // Loaded only here: its parsers (nunjucks, Handlebars, @huggingface/jinja) would slow every command's start.
  const { lintPromptFiles } = require('../../core/prompts/lint-prompt-files') as typeof PromptLinting;
  const run = lintPromptFiles(inputs, vars, { cwd, maxBytes: config.prompts.max_file_bytes });
  const overrides = config.overrides.filter((override) => PROMPT_RULES.includes(override.rule));
  const findings = applyOverrides(run.findings, overrides, new Date().toISOString().slice(0, 10));
  const allSkipped = [...skipped, ...run.skipped];

  const report = render(options.format, findings, {
    cwd,
    read: run.read,
    counts: { files: run.files, templates: run.templates, skipped: allSkipped.length },
    // Machine formats carry the skipped files as the input errors they are (the text lists them on stderr).
    inputErrors: allSkipped.map((skip) => new InputError(skip.reason, skip.location ?? { file: skip.file })),
    anchorFile: varsFile ? relative(cwd, varsFile) : undefined,
    stream: options.output ? undefined : process.stdout,
  });
  if (options.output) writeReport(options.output, report);
  else process.stdout.write(report);
  for (const skip of allSkipped) {
    const at = skip.location
      ? `:${skip.location.line}${skip.location.column ? `:${skip.location.column}` : ''}`
      : '';
    process.stderr.write(
      `preflight: skipped ${shownText(`${repoPath(skip.file, cwd)}${at}: ${skip.reason}`)}\n`,
    );
  }
  if (allSkipped.length > 0) {
    process.stderr.write(
      `preflight: ${allSkipped.length} skipped; the report covers the other ${run.files} file${run.files === 1 ? '' : 's'}\n`,
    );
    return 2;
  }
  return findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

function render(
  format: OutputFormat,
  findings: Finding[],
  options: {
    cwd: string;
    read: readonly PromptLinting.ReadAs[];
    counts: { files: number; templates: number; skipped: number };
    inputErrors: InputError[];
    anchorFile?: string;
    stream?: NodeJS.WriteStream;
  },
): string {
  if (format === 'text')
    return (
      readAsLines(options.read, options.cwd) +
      formatStylish(findings, { color: useColor(options.stream), cwd: options.cwd })
    );
  if (format === 'json') {
    const context = { cwd: options.cwd, inputErrors: options.inputErrors, readAs: options.read };
    return formatJson(findings, context, options.counts);
  }
  if (format === 'sarif') {
    // Loaded when chosen, as render.ts does: SARIF fingerprints need node:crypto.
    const { formatSarif } = require('../../core/format/sarif') as typeof Sarif;
    return formatSarif(findings, {
      tool: { name: 'preflight-guard', version: packageVersion() },
      command: 'lint-prompts',
      cwd: options.cwd,
      anchorFile: options.anchorFile,
      inputErrors: options.inputErrors,
      readAs: options.read,
    });
  }
  return renderFindings(format, findings, [], {
    command: 'lint-prompts',
    cwd: options.cwd,
    heading: 'preflight lint-prompts',
    anchorFile: options.anchorFile,
    inputErrors: options.inputErrors,
  });
}

/** What dialect each file was read as, so a user sees why a name counts as supplied or not. */
function readAsLines(read: readonly PromptLinting.ReadAs[], cwd: string): string {
  if (read.length === 0) return '';
  const rows = read.map((file) => [repoPath(file.file, cwd), dialectLabel(file)] as const);
  const width = rows.reduce((widest, [path]) => Math.max(widest, path.length), 0);
  const lines = rows.map(([path, label]) => `  ${path.padEnd(width)}  ${label}`);
  return `Read ${read.length} file${read.length === 1 ? '' : 's'} as:\n${lines.join('\n')}\n\n`;
}

function dialectLabel(file: PromptLinting.ReadAs): string {
  if (file.dialect !== 'chat-template') return file.dialect;
  return file.byContent ? 'jinja (chat template, by its content)' : 'jinja (chat template)';
}

interface LintOptions {
  paths: string[];
  config?: string;
  vars?: string;
  format: OutputFormat;
  output?: string;
}

function parseLintArgs(argv: string[]): LintOptions {
  const { values, positionals } = parse(argv);
  const format = outputFormat(values.format);
  return { paths: positionals, config: values.config, vars: values.vars, format, output: values.output };
}

function parse(argv: string[]) {
  return parseReportCommand(argv, {
    vars: { type: 'string' },
  });
}
