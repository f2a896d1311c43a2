import { relative, sep } from 'node:path';
import type { PromptVar, PromptVars } from '../model/prompt';
import { matchesGlob } from './glob';

/**
 * The variables filled for one template file: those for every template, then those of each
 * `templates` entry whose glob matches the file (relative to prompt_vars.yaml), which win on a clash.
 */
export function variablesFor(vars: PromptVars, file: string): Map<string, PromptVar> {
  const path = relative(vars.base, file).split(sep).join('/');
  const result = new Map<string, PromptVar>();
  for (const variable of vars.variables) {
    if (variable.files === undefined) result.set(variable.name, variable);
  }
  for (const variable of vars.variables) {
    if (variable.files !== undefined && !path.startsWith('../') && matchesGlob(path, variable.files)) {
      result.set(variable.name, variable);
    }
  }
  return result;
}
