import { type LinearRegex, linearRegex, RegexSyntaxError } from '../linear-regex';

const SPECIAL = /[.+^$()|\\]/;

/**
 * A glob as an anchored regex over `/`-separated paths: `*` and `?` stay within one segment, `**`
 * spans segments (`a/**` also matches `a`), `[abc]` / `[!abc]` are classes, `{a,b}` alternatives
 * (nestable). Written here because Node 20 has no stable `fs.glob` and none of the glob packages in
 * node_modules is a declared dependency. The regex runs on RE2, linear in the path's length: on V8's
 * backtracking engine `*a*a*a*a*a*a*a*a*a*a*a*ab` against a 60-character name never ends.
 * A glob RE2 cannot compile (`[z-a]`) throws a RegexSyntaxError.
 */
export function globRegExp(glob: string): LinearRegex {
  return linearRegex(`^${translate(glob)}$`);
}

/** Why `glob` cannot be matched (`[z-a]`: RE2's reason), or undefined when it can. */
export function globProblem(glob: string): string | undefined {
  try {
    globRegExp(glob);
    return undefined;
  } catch (error) {
    if (error instanceof RegexSyntaxError) return `not a glob this tool takes: ${error.message}`;
    throw error;
  }
}

/** A glob without `/` (`*.j2`) matches a file's name in any folder, as in .gitignore and ESLint. */
export function matchesGlob(path: string, glob: string): boolean {
  const target = glob.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1);
  return globRegExp(glob).test(target);
}

/**
 * `matchesGlob` for this tool's own fixed globs, never a user's: V8's RegExp is safe on them (no
 * repetition inside repetition), and a run whose globs are all built in then never loads RE2, whose
 * Unicode tables cost a `lint-prompts` start-up more than the linting of a small file.
 */
export function builtinGlobMatcher(glob: string): (path: string) => boolean {
  const regex = new RegExp(`^${translate(glob)}$`);
  return (path) => regex.test(glob.includes('/') ? path : path.slice(path.lastIndexOf('/') + 1));
}

/** The folder part of a glob before its first wildcard: where a walk for it starts. */
export function globRoot(glob: string): string {
  const segments = glob.split('/');
  const fixed = segments.findIndex((segment) => /[*?[{]/.test(segment));
  return segments.slice(0, fixed === -1 ? segments.length - 1 : fixed).join('/');
}

export function isGlob(text: string): boolean {
  return /[*?[{]/.test(text);
}

function translate(glob: string): string {
  let out = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      const atStart = index === 0 || glob[index - 1] === '/';
      const beforeSlash = glob[index + 2] === '/';
      if (atStart && beforeSlash) {
        out += '(?:.*/)?';
        index += 2;
      } else if (atStart && index + 2 === glob.length && index > 0) {
        out = `${out.slice(0, -1)}(?:/.*)?`;
        index += 1;
      } else {
        out += '.*';
        index += 1;
      }
    } else if (char === '*') out += '[^/]*';
    else if (char === '?') out += '[^/]';
    else if (char === '[') {
      const close = glob.indexOf(']', index + 2);
      if (close === -1) out += '\\[';
      else {
        const body = glob.slice(index + 1, close);
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        index = close;
      }
    } else if (char === '{') {
      const close = matchingBrace(glob, index);
      if (close === -1) out += '\\{';
      else {
        out += `(?:${splitAlternatives(glob.slice(index + 1, close))
          .map(translate)
          .join('|')})`;
        index = close;
      }
    } else out += SPECIAL.test(char) ? `\\${char}` : char;
  }
  return out;
}

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let index = open; index < glob.length; index++) {
    if (glob[index] === '{') depth++;
    else if (glob[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

function splitAlternatives(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < body.length; index++) {
    if (body[index] === '{') depth++;
    else if (body[index] === '}') depth--;
    else if (body[index] === ',' && depth === 0) {
      parts.push(body.slice(start, index));
      start = index + 1;
    }
  }
  return [...parts, body.slice(start)];
}
