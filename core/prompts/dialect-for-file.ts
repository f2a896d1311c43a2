import { sep } from 'node:path';
import type { Dialect, DialectRule } from '../model/prompt';
import { builtinGlobMatcher, matchesGlob } from './glob';
import { relativePath } from './relative-path';

/**
 * Only file names that say their dialect get one by default. `${VAR}` and `{var}` are ambiguous (a
 * shell script, a JSON example) and `.txt` / `.md` prompts can be anything, so `shell`, `fstring`
 * and those extensions come from `prompts.dialects` in the config.
 */
export const DEFAULT_DIALECTS: readonly { glob: string; dialect: Dialect }[] = [
  { glob: 'tokenizer_config.json', dialect: 'chat-template' },
  { glob: 'chat_template.jinja', dialect: 'chat-template' },
  { glob: '**/additional_chat_templates/*.jinja', dialect: 'chat-template' },
  { glob: '*.{j2,jinja,jinja2}', dialect: 'jinja' },
  { glob: '*.{hbs,handlebars}', dialect: 'handlebars' },
  { glob: '*.mustache', dialect: 'mustache' },
];

/** The dialect of `file` (an absolute path): the first config rule that matches, else the defaults. */
export function dialectForFile(file: string, rules: readonly DialectRule[]): Dialect | undefined {
  return dialectOf(file, rules)?.dialect;
}

/** The dialect of `file`, and whether a `prompts.dialects` rule gave it (else its name did). */
export function dialectOf(
  file: string,
  rules: readonly DialectRule[],
): { dialect: Dialect; configured: boolean } | undefined {
  for (const rule of rules) {
    const path = relativePath(rule.base, file);
    if (!path.startsWith('../') && matchesGlob(path, rule.glob)) {
      return { dialect: rule.dialect, configured: true };
    }
  }
  const dialect = defaultDialect(file);
  return dialect ? { dialect, configured: false } : undefined;
}

function defaultDialect(file: string): Dialect | undefined {
  const path = sep === '/' ? file : file.split(sep).join('/');
  return DEFAULT_MATCHERS.find((rule) => rule.matches(path))?.dialect;
}

const DEFAULT_MATCHERS = DEFAULT_DIALECTS.map((rule) => ({
  dialect: rule.dialect,
  matches: builtinGlobMatcher(rule.glob),
}));
