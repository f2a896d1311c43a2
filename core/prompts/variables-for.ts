import type { PromptVar, PromptVars } from '../model/prompt';
import { matchesGlob } from './glob';
import { relativePath } from './relative-path';

/** Loaded prompt_vars.yaml files none of whose variables is limited to some files: one map for every template. */
const forEveryTemplate = new WeakMap<PromptVars, ReadonlyMap<string, PromptVar>>();

/**
 * The variables filled for one template file: those for every template, then those of each
 * `templates` entry whose glob matches the file (relative to prompt_vars.yaml), which win on a clash.
 */
export function variablesFor(vars: PromptVars, file: string): ReadonlyMap<string, PromptVar> {
  const shared = forEveryTemplate.get(vars);
  if (shared) return shared;
  const result = new Map<string, PromptVar>();
  let path: string | undefined;
  for (const variable of vars.variables) {
    if (variable.files === undefined) result.set(variable.name, variable);
    else path ??= relativePath(vars.base, file);
  }
  if (path === undefined) forEveryTemplate.set(vars, result);
  if (path === undefined || path.startsWith('../')) return result;
  for (const variable of vars.variables) {
    if (variable.files !== undefined && matchesGlob(path, variable.files))
      result.set(variable.name, variable);
  }
  return result;
}
