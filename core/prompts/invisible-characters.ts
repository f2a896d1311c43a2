/** Characters that render as nothing, or reorder what is around them, with their Unicode names. */
const NAMED: Record<number, string> = {
  173: 'SOFT HYPHEN',
  847: 'COMBINING GRAPHEME JOINER',
  1564: 'ARABIC LETTER MARK',
  4447: 'HANGUL CHOSEONG FILLER',
  4448: 'HANGUL JUNGSEONG FILLER',
  6068: 'KHMER VOWEL INHERENT AQ',
  6069: 'KHMER VOWEL INHERENT AA',
  6158: 'MONGOLIAN VOWEL SEPARATOR',
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8288: 'WORD JOINER',
  8289: 'FUNCTION APPLICATION',
  8290: 'INVISIBLE TIMES',
  8291: 'INVISIBLE SEPARATOR',
  8292: 'INVISIBLE PLUS',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
  8298: 'INHIBIT SYMMETRIC SWAPPING',
  8299: 'ACTIVATE SYMMETRIC SWAPPING',
  8300: 'INHIBIT ARABIC FORM SHAPING',
  8301: 'ACTIVATE ARABIC FORM SHAPING',
  8302: 'NATIONAL DIGIT SHAPES',
  8303: 'NOMINAL DIGIT SHAPES',
  12644: 'HANGUL FILLER',
  65279: 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
  65440: 'HALFWIDTH HANGUL FILLER',
  65529: 'INTERLINEAR ANNOTATION ANCHOR',
  65530: 'INTERLINEAR ANNOTATION SEPARATOR',
  65531: 'INTERLINEAR ANNOTATION TERMINATOR',
  917505: 'LANGUAGE TAG',
  917631: 'CANCEL TAG',
};

/** The bidirectional controls of CVE-2021-42574 ("Trojan Source"): they reorder how text displays. */
export const BIDI_CONTROLS = new Set([
  0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
]);

const INVISIBLE =
  // biome-ignore lint/suspicious/noMisleadingCharacterClass: a class of single invisible code points is the point here
  /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB\u{E0001}\u{E0020}-\u{E007F}\u{E0100}-\u{E01EF}]+/gu;

/** Unicode tag characters U+E0020..U+E007E shadow printable ASCII: text that is there but not shown. */
export function isTagCharacter(codePoint: number): boolean {
  return codePoint >= 0xe0020 && codePoint <= 0xe007e;
}

/** `ZERO WIDTH SPACE`, `TAG LATIN ... "a"`, `VARIATION SELECTOR-17`. */
export function characterName(codePoint: number): string {
  if (isTagCharacter(codePoint))
    return `TAG CHARACTER for ${JSON.stringify(String.fromCharCode(codePoint - 0xe0000))}`;
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return `VARIATION SELECTOR-${codePoint - 0xe0100 + 17}`;
  return NAMED[codePoint] ?? 'INVISIBLE CHARACTER';
}

/** `U+200B`. */
export function codePointLabel(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface InvisibleRun {
  /** UTF-16 offset of the first character. */
  offset: number;
  /** Length in UTF-16 code units. */
  length: number;
  codePoints: number[];
}

/**
 * Runs of invisible or bidirectional-control characters, in order. Three single characters are
 * legitimate and left alone: a zero width joiner inside an emoji sequence (👩‍💻), a joiner or
 * non-joiner between letters of scripts that need them (Persian, the Indic scripts), and a
 * left-to-right / right-to-left / Arabic letter mark beside right-to-left letters. Tag characters
 * that spell a subdivision flag after 🏴 and end with CANCEL TAG (🏴󠁧󠁢󠁳󠁣󠁴󠁿) are an emoji, not hidden text.
 */
export function invisibleRuns(text: string): InvisibleRun[] {
  const runs: InvisibleRun[] = [];
  // Every such character is above U+00AD; most prompts are ASCII, which V8 counts without a scan per character.
  if (Buffer.byteLength(text, 'utf8') === text.length) return runs;
  INVISIBLE.lastIndex = 0;
  for (let match = INVISIBLE.exec(text); match; match = INVISIBLE.exec(text)) {
    const codePoints = [...match[0]].map((char) => char.codePointAt(0)!);
    if (codePoints.length === 1 && isLegitimate(codePoints[0]!, text, match.index, match[0].length)) continue;
    if (isFlagTagSequence(codePoints, text, match.index)) continue;
    runs.push({ offset: match.index, length: match[0].length, codePoints });
  }
  return runs;
}

// biome-ignore lint/suspicious/noMisleadingCharacterClass: U+FE0F is matched alone, as the character before a joiner
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;
const JOINING_LETTER = /[\p{L}\p{M}]/u;
const LATIN_GREEK_CYRILLIC = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const RIGHT_TO_LEFT =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

function isLegitimate(codePoint: number, text: string, offset: number, length: number): boolean {
  const before = text.slice(Math.max(0, offset - 2), offset);
  const after = text.slice(offset + length, offset + length + 2);
  const lastBefore = [...before].at(-1) ?? '';
  const firstAfter = [...after][0] ?? '';
  switch (codePoint) {
    case 0x200d:
      if (EMOJI_BEFORE.test(before) && EMOJI_AFTER.test(after)) return true;
      return joinsLetters(lastBefore, firstAfter);
    case 0x200c:
      return joinsLetters(lastBefore, firstAfter);
    case 0x200e:
    case 0x200f:
    case 0x061c:
      return RIGHT_TO_LEFT.test(lastBefore) || RIGHT_TO_LEFT.test(firstAfter);
    default:
      return false;
  }
}

function isFlagTagSequence(codePoints: number[], text: string, offset: number): boolean {
  return (
    text.codePointAt(offset - 2) === 0x1f3f4 &&
    codePoints.at(-1) === 0xe007f &&
    codePoints.slice(0, -1).every((codePoint) => isTagCharacter(codePoint))
  );
}

function joinsLetters(before: string, after: string): boolean {
  return [before, after].every((char) => JOINING_LETTER.test(char) && !LATIN_GREEK_CYRILLIC.test(char));
}
