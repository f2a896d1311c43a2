import { resolve } from 'node:path';
import type { Dialect, PromptsConfig } from '../model/prompt';

export interface PromptsYaml {
  vars?: string;
  dialects?: { glob: string; dialect: Dialect }[];
  max_file_bytes?: number;
}

/** The validated `prompts` section, its paths and globs anchored at the config file's folder. */
export function promptsConfig(yaml: PromptsYaml | undefined, base: string): PromptsConfig {
  return {
    vars: yaml?.vars === undefined ? undefined : resolve(base, yaml.vars),
    dialects: (yaml?.dialects ?? []).map((rule) => ({ ...rule, base })),
    max_file_bytes: yaml?.max_file_bytes,
  };
}
