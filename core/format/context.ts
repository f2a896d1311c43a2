import type { InputError } from '../errors';

/** What every output format needs to know besides the findings. */
export interface FormatContext {
  tool: { name: 'preflight-guard'; version: string };
  /** The CLI command that produced the findings (`check`, `lint-prompts`): SARIF keeps one category per command. */
  command: string;
  /** The repository root: file paths are written relative to it, with forward slashes. */
  cwd: string;
  /**
   * The file a finding without a location is anchored to in SARIF (the config or the scanned input),
   * because GitHub rejects a whole upload when a single result has no artifact location.
   * Defaults to `preflight.yaml`.
   */
  anchorFile?: string;
  /**
   * Inputs the run could not read (a file, a document, an image reference): every format reports them
   * beside the findings, since the run went on without them.
   */
  inputErrors?: readonly InputError[];
  /**
   * How each input file was read (lint-prompts: its template dialect): JSON lists them as `files`,
   * SARIF as the run's artifacts with the dialect in their properties.
   */
  readAs?: readonly FileReading[];
}

export interface FileReading {
  file: string;
  /** `jinja`, `chat-template`, `handlebars`, …: what the file was parsed as. */
  dialect: string;
  /** Named like plain Jinja, read as a chat template because of its content. */
  byContent: boolean;
}
