import type { VariableUse } from './template-scan';

/** `message.role`, `message['role']`, `message["role"]`: a template that reads a turn's role. */
const READS_ROLE = /\.role\b|\[\s*(['"])role\1\s*\]/;

/**
 * A Jinja template is a chat template when its content says so, whatever its file is called
 * (`tool_chat_template_llama3.1_json.jinja`, `template_chatml.jinja`, `qwen2.5.jinja`): it reads
 * `add_generation_prompt`, which only `apply_chat_template` passes, or it reads `messages` from its
 * context and a message's role. `uses` are the reads of names the template does not bind itself.
 */
export function readsAsChatTemplate(uses: readonly VariableUse[], text: string): boolean {
  let messages = false;
  for (const use of uses) {
    if (use.name === 'add_generation_prompt') return true;
    if (use.name === 'messages') messages = true;
  }
  return messages && READS_ROLE.test(text);
}
