import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors';
import type { Location } from '../model/location';
import type { Dialect, DialectRule } from '../model/prompt';
import { dialectOf } from '../prompts/dialect-for-file';
import { globProblem, globRoot, isGlob, matchesGlob } from '../prompts/glob';

export interface PromptInput {
  /** Absolute path. */
  file: string;
  dialect: Dialect;
  /** The dialect came from `prompts.dialects`, not from the file name. */
  configured?: boolean;
}

/** An input the run could not use, and why in words. The run goes on without it. */
export interface SkippedInput {
  file: string;
  reason: string;
  /** Where in the file the reason lies, when known (a JSON syntax error, a template nested too deep). */
  location?: Location;
}

export interface PromptInputs {
  inputs: PromptInput[];
  skipped: SkippedInput[];
}

const NO_DIALECT =
  'no dialect for this file name (map it under prompts.dialects in preflight.yaml; built in: .j2 .jinja .jinja2 .hbs .handlebars .mustache, chat_template.jinja, tokenizer_config.json)';

/**
 * The prompt files for the command line's arguments, each once, in a stable order. An argument is a
 * file (always linted: one without a dialect is skipped with the reason), a folder (walked for files
 * whose name has a dialect, past dot-folders and node_modules), or a quoted glob relative to `cwd`
 * (the same, for the files it matches). An argument that gives no prompt file at all is skipped too:
 * a run that checks nothing must not pass as clean.
 */
export function promptInputs(
  args: readonly string[],
  cwd: string,
  rules: readonly DialectRule[],
): PromptInputs {
  const result: PromptInputs = { inputs: [], skipped: [] };
  const seen = new Set<string>();
  const add = (file: string, found: { dialect: Dialect; configured: boolean }, knownReal?: string) => {
    // The native call is one syscall; the JS one stats every folder on the way, for every file.
    const real = knownReal ?? realpathSync.native(file);
    if (seen.has(real)) return;
    seen.add(real);
    result.inputs.push(found.configured ? { file, ...found } : { file, dialect: found.dialect });
  };
  for (const arg of args) {
    const path = resolve(cwd, arg);
    const stat = statOrNothing(path);
    const problem = !stat && isGlob(arg) ? globProblem(arg) : undefined;
    if (problem) throw new InputError(problem, { file: arg });
    const before = result.inputs.length;
    // Anything named that is not a folder is a file to lint: the reader refuses a FIFO or a device by name.
    if (stat && !stat.isDirectory()) {
      const found = dialectOf(path, rules);
      if (found) add(path, found);
      else result.skipped.push({ file: path, reason: NO_DIALECT });
      continue;
    }
    if (!stat && !isGlob(arg)) {
      result.skipped.push({ file: path, reason: 'no such file or folder' });
      continue;
    }
    const root = stat ? path : resolve(cwd, globRoot(arg));
    const wanted = stat
      ? () => true
      : (file: string) => matchesGlob(relative(cwd, file).split(sep).join('/'), arg);
    walk(root, new Set(), (file, real) => {
      const found = wanted(file) ? dialectOf(file, rules) : undefined;
      if (found) add(file, found, real);
    });
    if (result.inputs.length === before) {
      result.skipped.push({
        file: stat ? path : arg,
        reason: stat ? 'no prompt files in this folder' : 'no prompt files match this glob',
      });
    }
  }
  return result;
}

/**
 * Visits the files under a folder once each. `real` is the file's real path when the walk knows it
 * without a syscall: a plain file's is its real folder's path joined with its name.
 */
function walk(folder: string, visited: Set<string>, visit: (file: string, real?: string) => void): void {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync.native(folder); // one syscall, where the JS one lstats every folder on the way
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return; // a glob root that does not exist matches nothing
  }
  if (visited.has(real)) return; // a symlink loop
  visited.add(real);
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    const stat = entry.isSymbolicLink() ? statOrNothing(path) : entry;
    if (stat?.isDirectory()) walk(path, visited, visit);
    else if (stat?.isFile()) visit(path, entry.isSymbolicLink() ? undefined : join(real, entry.name));
  }
}

function statOrNothing(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
