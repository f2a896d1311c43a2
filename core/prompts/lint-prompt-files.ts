import { append } from '../append';
import { InputError } from '../errors';
import { repoPath } from '../format/repo-path';
import { loadPromptSources } from '../loaders/prompt-file';
import type { PromptInput, SkippedInput } from '../loaders/prompt-inputs';
import type { Finding } from '../model/finding';
import type { Location } from '../model/location';
import type { Dialect, PromptVar, PromptVars } from '../model/prompt';
import { unusedPromptVars } from '../rules/prompt-template-vars';
import { lintPrompt, type PromptLint } from './lint-prompt';
import { located } from './located';
import { relativePath } from './relative-path';

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
    let lints: PromptLint[];
    try {
      // What `repoPath` gives for an absolute path, without resolving both paths again for every file.
      const target = relativePath(options.cwd, input.file) || '.';
      const sources = loadPromptSources(
        input.file,
        input.dialect,
        target,
        options.maxBytes ?? DEFAULT_MAX_PROMPT_BYTES,
        input.configured,
      );
      lints = sources.map((source) => {
        const lint = lintPrompt(source, vars);
        // A template nested too deep for the parsers (each scanner checks) is a file that cannot be read.
        if (lint.tooDeep) throw new InputError(lint.tooDeep.message, located(source, lint.tooDeep, 1));
        return lint;
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      run.skipped.push({
        file: input.file,
        reason: error.message,
        location: skipLocation(error, input.file),
      });
      continue;
    }
    run.files += 1;
    const readAs: ReadAs = { file: input.file, dialect: input.dialect, byContent: false };
    run.read.push(readAs);
    for (const lint of lints) {
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

/** Where in the file the error lies, when it says (its line, and column when known); the skip names the file. */
function skipLocation(error: InputError, file: string): Location | undefined {
  const at = error.location;
  return at?.file === file && at.line !== undefined ? at : undefined;
}
