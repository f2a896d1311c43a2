import type { Dialect } from '../model/prompt';

/**
 * Jinja's default globals (`jinja2/defaults.py`), Python's constants (names to nunjucks), and the
 * template's own `self` (its blocks) and `super()` inside a block.
 */
const JINJA = [
  'range',
  'dict',
  'lipsum',
  'cycler',
  'joiner',
  'namespace',
  'True',
  'False',
  'None',
  'self',
  'super',
];

/**
 * What the engines put in a chat template's context. transformers' `apply_chat_template` (docs:
 * huggingface.co/docs/transformers/chat_templating_writing; code: `utils/chat_template_utils.py`,
 * `tokenization_utils_base.py`): the globals `raise_exception` and `strftime_now`, the render
 * arguments `messages`, `tools`, `documents`, `add_generation_prompt`, and the special tokens map.
 * Every other keyword argument of `apply_chat_template` reaches the template too, and vLLM passes the
 * request's `chat_template_kwargs` the same way (docs.vllm.ai, "Chat Template"): the ones real model
 * templates read are listed, so a template that reads them is not flagged: Llama 3.x's `date_string`,
 * `custom_tools`, `tools_in_user_message`, `builtin_tools`; Qwen3's `enable_thinking`; Qwen2-VL's
 * `add_vision_id`. Any other name must be declared.
 */
const CHAT_TEMPLATE = [
  ...JINJA,
  'raise_exception',
  'strftime_now',
  'messages',
  'tools',
  'documents',
  'add_generation_prompt',
  'bos_token',
  'eos_token',
  'unk_token',
  'pad_token',
  'sep_token',
  'cls_token',
  'mask_token',
  'additional_special_tokens',
  'date_string',
  'custom_tools',
  'tools_in_user_message',
  'builtin_tools',
  'enable_thinking',
  'add_vision_id',
];

/** Names a dialect provides itself: never undeclared, never a prompt variable. */
export const DIALECT_GLOBALS: Record<Dialect, ReadonlySet<string>> = {
  jinja: new Set(JINJA),
  'chat-template': new Set(CHAT_TEMPLATE),
  handlebars: new Set(),
  mustache: new Set(),
  shell: new Set(),
  fstring: new Set(),
};
