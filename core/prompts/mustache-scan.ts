import { failedScan, type TemplateScan, type VariableUse } from './template-scan';
import { positionsInOrder } from './text-lines';

interface Tag {
  /** `#`, `^`, `/`, `>`, `!`, `&`, `=`, `{`, or '' for a plain variable. */
  sigil: string;
  /** The tag's content after its sigil, as written. */
  body: string;
  /** Offset of `body`. */
  bodyOffset: number;
  /** Offset just past the closing delimiter. */
  end: number;
}

const SIGILS = '#^/>!&={';

/**
 * The variables of a Mustache template, per mustache(5): `{{name}}`, `{{{name}}}`, `{{&name}}`,
 * sections `{{#name}}` / `{{^name}}` ... `{{/name}}`, comments `{{! }}`, partials `{{> name}}` and
 * delimiter changes `{{=<% %>=}}`. Names inside a section resolve against the section's value
 * first and its parents after, so only names outside every section are checked strictly (as
 * LangChain's `mustache_template_vars` does); those inside count as uses with fallback `context`.
 * A small scanner of our own rather than `Mustache.parse`, which builds a token per character of
 * text; a test checks that both read the same names and fail on the same templates.
 */
export function scanMustache(text: string): TemplateScan {
  const uses: VariableUse[] = [];
  const at = positionsInOrder(text);
  const fail = (offset: number, message: string) =>
    failedScan({ severity: 'error', ...at(offset), message: `template syntax error: ${message}` });
  const sections: { name: string; offset: number }[] = [];
  let open = '{{';
  let close = '}}';
  for (let start = text.indexOf(open); start !== -1; ) {
    const tag = readTag(text, start, open, close);
    if (!tag) return fail(start, 'tag is not closed');
    const name = tag.body.trim();
    if (tag.sigil === '=') {
      const delimiters = tag.body.replace(/=\s*$/, '').trim().split(/\s+/);
      if (delimiters.length !== 2 || !tag.body.trimEnd().endsWith('='))
        return fail(start, 'invalid delimiter change');
      [open, close] = delimiters as [string, string];
    } else if (tag.sigil === '/') {
      const section = sections.pop();
      if (!section) return fail(start, `section "${name}" is closed but was never opened`);
      if (section.name !== name) {
        return fail(
          start,
          `{{/${name}}} closes section "${section.name}" (opened at line ${at(section.offset).line})`,
        );
      }
    } else if (tag.sigil !== '!' && tag.sigil !== '>' && name !== '.' && name !== '') {
      const tested = tag.sigil === '#' || tag.sigil === '^';
      uses.push({
        name: name.split('.')[0]!,
        ...at(tag.bodyOffset + tag.body.indexOf(name)),
        length: name.length,
        fallback: sections.length > 0 ? 'context' : tag.sigil === '^' ? 'guard' : 'none',
        ...(tested && { tested }),
      });
      if (tested) sections.push({ name, offset: start });
    }
    start = text.indexOf(open, tag.end);
  }
  const unclosed = sections.pop();
  if (unclosed) return fail(unclosed.offset, `section "${unclosed.name}" is never closed`);
  return { uses, problems: [], complete: true };
}

/** The tag opening at `start`; space may precede its sigil, as mustache.js allows. */
function readTag(text: string, start: number, open: string, close: string): Tag | undefined {
  let cursor = start + open.length;
  while (cursor < text.length && /\s/.test(text[cursor]!)) cursor++;
  const sigil = SIGILS.includes(text[cursor] ?? '') && text[cursor] !== undefined ? text[cursor]! : '';
  if (sigil) cursor++;
  // `{{{name}}}` closes with one more brace than the delimiter.
  const closing = sigil === '{' ? `}${close}` : close;
  const end = text.indexOf(closing, cursor);
  if (end === -1) return undefined;
  return { sigil, body: text.slice(cursor, end), bodyOffset: cursor, end: end + closing.length };
}
