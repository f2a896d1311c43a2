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
  if (typeof field === 'string') return [embedded(json, ['chat_template'], field)];
  if (!Array.isArray(field)) return 'chat_template: expected a string or a list of {name, template}';
  const templates: EmbeddedTemplate[] = [];
  for (const [index, entry] of field.entries()) {
    const { name, template } = (entry ?? {}) as { name?: unknown; template?: unknown };
    if (typeof name !== 'string' || typeof template !== 'string') {
      return `chat_template[${index}]: expected {name, template} with string values`;
    }
    templates.push({ ...embedded(json, ['chat_template', index, 'template'], template), name });
  }
  return templates;
}

/**
 * `text` is the value JSON.parse gave; where its characters stand in the raw file is worked out only
 * when a finding asks, since most templates have none.
 */
function embedded(json: string, path: (string | number)[], text: string): EmbeddedTemplate {
  let map: { rawOffsets: number[]; fileLines: number[]; templateLines: number[] } | undefined;
  return {
    text,
    locate: (line, column) => {
      map ??= {
        rawOffsets: decodeJsonString(json, jsonValueOffset(json, path)).rawOffsets,
        fileLines: lineStarts(json),
        templateLines: lineStarts(text),
      };
      const offset = Math.min(offsetAt(map.templateLines, { line, column }), text.length);
      return positionAt(map.fileLines, map.rawOffsets[offset]!);
    },
  };
}
