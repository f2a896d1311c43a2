import { resolve } from 'node:path';
import { InputError } from '../errors';
import type { Dialect, PromptsConfig } from '../model/prompt';
import { globProblem } from '../prompts/glob';
import type { SourceDocument } from './documents';

export interface PromptsYaml {
  vars?: string;
  dialects?: { glob: string; dialect: Dialect }[];
  max_file_bytes?: number;
}

/** The validated `prompts` section, its paths and globs anchored at the config file's folder. */
export function promptsConfig(
  yaml: PromptsYaml | undefined,
  base: string,
  doc?: SourceDocument,
): PromptsConfig {
  for (const [index, rule] of (yaml?.dialects ?? []).entries()) {
    const problem = globProblem(rule.glob);
    const path = ['prompts', 'dialects', index, 'glob'];
    if (problem) throw new InputError(problem, doc?.locate(path), `prompts.dialects[${index}].glob`);
  }
  return {
    vars: yaml?.vars === undefined ? undefined : resolve(base, yaml.vars),
    dialects: (yaml?.dialects ?? []).map((rule) => ({ ...rule, base })),
    max_file_bytes: yaml?.max_file_bytes,
  };
}
