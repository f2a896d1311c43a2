import { decodeJsonString, jsonValueOffset } from './json-string';
import { lineStarts, offsetAt, positionAt } from './text-lines';

/** One chat template inside a `tokenizer_config.json`, with positions mapped back into the JSON. */
export interface EmbeddedTemplate {
  /** The template's name when `chat_template` is a list of `{name, template}`. */
  name?: string;
  text: string;
  locate(line: number, column: number): { line: number; column: number };
}

/**
 * The chat templates of a parsed `tokenizer_config.json`: `chat_template` as one string, or as a list
 * of named templates (`default`, `tool_use`, `rag`). A template's line and column are mapped through
 * the JSON string's escapes (`\n`, `\"`, `\u200b`) to the raw file, so a finding points at the
 * character as it is written there. Returns a reason instead when `chat_template` has another shape.
 */
export function chatTemplates(json: string, config: unknown): EmbeddedTemplate[] | string {
  const field = (config as { chat_template?: unknown } | null)?.chat_template;
  if (field === undefined || field === null) return [];
  if (typeof field === 'string') return [embedded(json, ['chat_template'])];
  if (!Array.isArray(field)) return 'chat_template: expected a string or a list of {name, template}';
  const templates: EmbeddedTemplate[] = [];
  for (const [index, entry] of field.entries()) {
    const { name, template } = (entry ?? {}) as { name?: unknown; template?: unknown };
    if (typeof name !== 'string' || typeof template !== 'string') {
      return `chat_template[${index}]: expected {name, template} with string values`;
    }
    templates.push({ ...embedded(json, ['chat_template', index, 'template']), name });
  }
  return templates;
}

function embedded(json: string, path: (string | number)[]): EmbeddedTemplate {
  const { value, rawOffsets } = decodeJsonString(json, jsonValueOffset(json, path));
  const fileLines = lineStarts(json);
  let templateLines: number[] | undefined;
  return {
    text: value,
    locate: (line, column) => {
      templateLines ??= lineStarts(value);
      const offset = Math.min(offsetAt(templateLines, { line, column }), value.length);
      return positionAt(fileLines, rawOffsets[offset]!);
    },
  };
}
