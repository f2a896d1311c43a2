/**
 * Characters that change how the text around them displays without being seen: C0 and C1 controls
 * (tab aside; a line break from an input could fake a report line), the bidirectional controls of
 * "Trojan Source" (CVE-2021-42574: U+202A..U+202E, U+2066..U+2069, U+061C), zero-width and
 * direction marks (U+200B..U+200F), invisible operators and deprecated format characters
 * (U+2060..U+2064, U+206A..U+206F), the line and paragraph separators, the BOM / zero-width no-break
 * space and the Unicode tag characters (text hidden in plain sight).
 */
const FORMAT_CHARACTERS =
  '\\u007F-\\u009F\\u061C\\u200B-\\u200F\\u2028\\u2029\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\u{E0000}-\\u{E007F}';
const HIDDEN = new RegExp(`[\\u0000-\\u0008\\u000A-\\u001F${FORMAT_CHARACTERS}]`, 'gu');
/** JSON.stringify already escapes C0 controls in strings, and its own line breaks are outside them. */
const HIDDEN_IN_JSON = new RegExp(`[${FORMAT_CHARACTERS}]`, 'gu');

/** `\u202E`, `\u{E0041}`: the escape a reader sees instead of the character. */
function escapeOf(char: string): string {
  const codePoint = char.codePointAt(0)!;
  const hex = codePoint.toString(16).toUpperCase();
  return codePoint > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * Text from inputs as a report shows it: every hidden character written as its escape (`a\u202Eb`),
 * so a name or value cannot reorder or hide the report line it stands in.
 */
export function shownText(text: string): string {
  return text.replace(HIDDEN, escapeOf);
}

/** The text with its hidden characters dropped: what a reader would see of it. */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, '');
}

/**
 * A JSON document with any hidden character left in a string (a file path kept exact for machines)
 * written as a JSON escape: the same value once parsed, but the file itself shows `\u202e`.
 */
export function jsonWithHiddenEscaped(json: string): string {
  return json.replace(HIDDEN_IN_JSON, (char) =>
    char
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join(''),
  );
}
