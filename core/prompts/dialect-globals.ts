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
 * What transformers' `apply_chat_template` always puts in a chat template's context: the two globals
 * it adds, the render arguments, and the special tokens map. Optional keyword arguments
 * (`enable_thinking`, `date_string`, ...) are not here: declare them in prompt_vars.yaml, or guard them.
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
