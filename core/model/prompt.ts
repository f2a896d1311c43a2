import type { Location } from './location';

/** How a prompt file marks its variables. `chat-template` is Jinja with Hugging Face's render context. */
export type Dialect = 'jinja' | 'chat-template' | 'handlebars' | 'mustache' | 'shell' | 'fstring';

export const DIALECTS: readonly Dialect[] = [
  'jinja',
  'chat-template',
  'handlebars',
  'mustache',
  'shell',
  'fstring',
];

/**
 * A variable `prompt_vars.yaml` declares: whoever renders the prompt fills it. The default's value is
 * never kept, so no output can print it: only whether there is one.
 */
export interface PromptVar {
  name: string;
  description?: string;
  hasDefault: boolean;
  /** False when callers may leave it out; a use without a default or guard is then a warning. */
  required: boolean;
  /** The glob (relative to `base`) of the templates it is filled for; absent means every template. */
  files?: string;
  /** Where it is declared. */
  location?: Location;
}

/** `prompt_vars.yaml`, validated. */
export interface PromptVars {
  /** The file it came from; absent when there is none. */
  file?: string;
  /** The folder the `files` globs are relative to. */
  base: string;
  variables: PromptVar[];
}

/** A `prompts.dialects` entry of preflight.yaml: files matching `glob` (relative to `base`) are `dialect`. */
export interface DialectRule {
  glob: string;
  dialect: Dialect;
  /** The folder `glob` is relative to: the config file's. */
  base: string;
}

/** The `prompts` section of preflight.yaml: how `preflight lint-prompts` finds and reads prompt files. */
export interface PromptsConfig {
  /** prompt_vars.yaml, resolved against the config file's folder. */
  vars?: string;
  /** Checked in order before the built-in dialects; the first match wins. */
  dialects: DialectRule[];
  /** Prompt files larger than this are skipped. */
  max_file_bytes?: number;
}

/** One template to lint: a prompt file, or one chat template inside a `tokenizer_config.json`. */
export interface PromptSource {
  file: string;
  /** What findings name: the file, or the file and the template's name inside it. */
  target: string;
  dialect: Dialect;
  /** The dialect was set in `prompts.dialects`: the template's content does not change it. */
  dialectConfigured?: boolean;
  text: string;
  /** Where a 1-based line and column of `text` stand in `file`; absent when `text` is the whole file. */
  locate?: (line: number, column: number) => { line: number; column: number };
}
