import { append } from '../append';
import { InputError } from '../errors';
import { repoPath } from '../format/repo-path';
import { loadPromptSources } from '../loaders/prompt-file';
import type { PromptInput, SkippedInput } from '../loaders/prompt-inputs';
import type { Finding } from '../model/finding';
import type { Dialect, PromptSource, PromptVar, PromptVars } from '../model/prompt';
import { unusedPromptVars } from '../rules/prompt-template-vars';
import { lintPrompt } from './lint-prompt';
import { located } from './located';
import { relativePath } from './relative-path';
import { templateNesting } from './template-nesting';

/** Prompt files over this are refused: the largest real tokenizer_config.json files are a few MiB. */
export const DEFAULT_MAX_PROMPT_BYTES = 4 * 1024 * 1024;

export interface LintOptions {
  /** The repository root: findings name files relative to it. */
  cwd: string;
  maxBytes?: number;
}

export interface PromptLintRun {
  findings: Finding[];
  /** Files linted. */
  files: number;
  /** Templates linted: a tokenizer_config.json may hold several, or none. */
  templates: number;
  /** Files that could not be read, and why; the others were linted. */
  skipped: SkippedInput[];
  /** Each linted file and the dialect it was read as, in the order linted. */
  read: ReadAs[];
}

export interface ReadAs {
  file: string;
  dialect: Dialect;
  /** The file is named like plain Jinja, and its content made it a chat template. */
  byContent: boolean;
}

/**
 * Lints prompt files: reads each (one that cannot be read is skipped with its reason, and the run goes
 * on), runs both prompt rules on every template in it, then reports the declared variables that no
 * linted template they are filled for reads. A variable declared only for templates none of which
 * was linted in this run is not reported: nothing is known about it.
 */
export function lintPromptFiles(
  inputs: readonly PromptInput[],
  vars: PromptVars,
  options: LintOptions,
): PromptLintRun {
  const run: PromptLintRun = { findings: [], files: 0, templates: 0, skipped: [], read: [] };
  const applicable = new Set<PromptVar>();
  const used = new Set<PromptVar>();
  let lastApplicable: readonly PromptVar[] | undefined;
  for (const input of inputs) {
    let sources: PromptSource[];
    try {
      // What `repoPath` gives for an absolute path, without resolving both paths again for every file.
      const target = relativePath(options.cwd, input.file) || '.';
      sources = loadPromptSources(
        input.file,
        input.dialect,
        target,
        options.maxBytes ?? DEFAULT_MAX_PROMPT_BYTES,
        input.configured,
      );
      // A template nested too deep for the parsers is a file that cannot be read, not a finding.
      for (const source of sources) {
        const tooDeep = templateNesting(source.text, source.dialect);
        if (tooDeep) throw new InputError(tooDeep.message, located(source, tooDeep, 1));
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      run.skipped.push({ file: input.file, reason: skipReason(error, input.file) });
      continue;
    }
    run.files += 1;
    const readAs: ReadAs = { file: input.file, dialect: input.dialect, byContent: false };
    run.read.push(readAs);
    for (const source of sources) {
      const lint = lintPrompt(source, vars);
      readAs.dialect = lint.dialect;
      readAs.byContent = lint.byContent;
      run.templates += 1;
      append(run.findings, lint.findings);
      // Most templates get the very same variables: added once, not once per template.
      if (lint.applicable !== lastApplicable)
        for (const variable of lint.applicable) applicable.add(variable);
      lastApplicable = lint.applicable;
      for (const variable of lint.used) used.add(variable);
    }
  }
  if (vars.file) {
    const unused = vars.variables.filter((variable) => applicable.has(variable) && !used.has(variable));
    append(run.findings, unusedPromptVars(unused, repoPath(vars.file, options.cwd)));
  }
  return run;
}

/** The error without its file (the skip line names it), keeping line and column when known. */
function skipReason(error: InputError, file: string): string {
  const at = error.location?.file === file && error.location.line !== undefined ? error.location : undefined;
  const where = at ? `line ${at.line}${at.column !== undefined ? `, column ${at.column}` : ''}: ` : '';
  return `${where}${error.message}`;
}
