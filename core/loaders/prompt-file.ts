import { InputError } from '../errors';
import type { Dialect, PromptSource } from '../model/prompt';
import { chatTemplates } from '../prompts/chat-templates';
import { parseJsonDocument } from './documents';
import { readSourceFile } from './source-file';

/**
 * The templates in one prompt file, read with the input guards (size, binary, UTF-8): the file itself,
 * or for a chat-template `.json` (a `tokenizer_config.json`) each template in its `chat_template`.
 * `target` is how findings name the file.
 */
export function loadPromptSources(
  file: string,
  dialect: Dialect,
  target: string,
  maxBytes: number,
  dialectConfigured = false,
): PromptSource[] {
  const text = readSourceFile(file, maxBytes);
  if (dialect !== 'chat-template' || !file.toLowerCase().endsWith('.json')) {
    return [{ file, target, dialect, text, ...(dialectConfigured && { dialectConfigured }) }];
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch {
    parseJsonDocument(text, file); // throws the error with its line and column
    throw new InputError('not valid JSON', { file });
  }
  const templates = chatTemplates(text, config);
  if (typeof templates === 'string') throw new InputError(templates, { file });
  return templates.map((template) => ({
    file,
    target: template.name ? `${target} chat_template "${template.name}"` : target,
    dialect,
    text: template.text,
    locate: template.locate,
  }));
}
