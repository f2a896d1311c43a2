import type * as Re2js from 're2js';

/**
 * Regexes that come from users (tag conventions in preflight.yaml) and from globs run on RE2
 * (the `re2js` port): matching takes time linear in the input, so no pattern such as `(a+)+` can
 * hang a run the way a backtracking engine (V8's) does on 127 `a`s. RE2 has no backreferences and
 * no lookaround; a pattern that uses them is refused with the reason, as is any other syntax error.
 */
export interface LinearRegex {
  /** The named groups of the first match (undefined for a group that took no part), or null. */
  exec(text: string): { groups: Record<string, string | undefined> } | null;
  test(text: string): boolean;
  readonly source: string;
}

/** Thrown for a pattern RE2 cannot compile; the message says why, in RE2's words, without the pattern. */
export class RegexSyntaxError extends Error {
  override readonly name = 'RegexSyntaxError';
}

/** Loaded on the first pattern compiled: most runs compile none (no tag conventions, no globs). */
let re2js: typeof Re2js | undefined;

/** Compiles (once per source and flags) `source` with JS flags `i`, `m`, `s` kept, `g`, `y`, `u`, `d` meaningless here. */
export function linearRegex(source: string, flags = ''): LinearRegex {
  const key = `${flags}/${source}`;
  let regex = compiled.get(key);
  if (!regex) {
    regex = compile(source, flags);
    compiled.set(key, regex);
  }
  return regex;
}

const compiled = new Map<string, LinearRegex>();

function compile(source: string, flags: string): LinearRegex {
  re2js ??= require('re2js') as typeof Re2js;
  const { RE2JS, RE2JSException } = re2js;
  const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL };
  let re: Re2js.RE2JS;
  try {
    re = RE2JS.compile(
      source,
      [...flags].reduce((mask, flag) => mask | (FLAGS[flag] ?? 0), 0),
    );
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    // "error parsing regexp: invalid character class range: `z-a`" → the reason, its fragment kept.
    throw new RegexSyntaxError((error as Error).message.replace(/^error parsing regexp: /, ''));
  }
  const names = Object.keys(re.namedGroups());
  return {
    source,
    test: (text) => re.matcher(text).find(),
    exec(text) {
      const matcher = re.matcher(text);
      if (!matcher.find()) return null;
      const groups: Record<string, string | undefined> = Object.create(null);
      for (const name of names) groups[name] = matcher.group(name) ?? undefined;
      return { groups };
    },
  };
}
