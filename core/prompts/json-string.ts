/** A JSON string literal decoded, with where each decoded UTF-16 unit came from in the raw text. */
export interface DecodedString {
  value: string;
  /** `rawOffsets[i]` is the raw offset of decoded unit `i`; the last entry is the closing quote's. */
  rawOffsets: number[];
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/** Decodes the string literal whose opening quote is at `quote` in valid JSON `text`. */
export function decodeJsonString(text: string, quote: number): DecodedString {
  const units: string[] = [];
  const rawOffsets: number[] = [];
  let index = quote + 1;
  while (text[index] !== '"') {
    rawOffsets.push(index);
    if (text[index] !== '\\') {
      units.push(text[index]!);
      index += 1;
    } else if (text[index + 1] === 'u') {
      units.push(String.fromCharCode(Number.parseInt(text.slice(index + 2, index + 6), 16)));
      index += 6;
    } else {
      units.push(ESCAPES[text[index + 1]!] ?? text[index + 1]!);
      index += 2;
    }
  }
  rawOffsets.push(index);
  return { value: units.join(''), rawOffsets };
}

/**
 * The offset where the value at `path` starts in valid JSON `text` (the last one, as JSON.parse keeps
 * the last of duplicate keys), or -1. Values on the way are skipped, not parsed.
 */
export function jsonValueOffset(text: string, path: readonly (string | number)[]): number {
  let offset = skipSpace(text, 0);
  for (const step of path) {
    offset = childOffset(text, offset, step);
    if (offset === -1) return -1;
  }
  return offset;
}

function childOffset(text: string, start: number, step: string | number): number {
  const open = text[start];
  if (open !== '{' && open !== '[') return -1;
  let found = -1;
  let index = skipSpace(text, start + 1);
  for (let position = 0; text[index] !== '}' && text[index] !== ']'; position++) {
    let matches = position === step;
    if (open === '{') {
      const keyEnd = skipValue(text, index);
      const key = text.slice(index + 1, keyEnd - 1);
      matches = (key.includes('\\') ? JSON.parse(text.slice(index, keyEnd)) : key) === step;
      index = skipSpace(text, skipSpace(text, keyEnd) + 1);
    }
    if (matches) found = index;
    index = skipSpace(text, skipValue(text, index));
    if (text[index] === ',') index = skipSpace(text, index + 1);
  }
  return found;
}

function skipSpace(text: string, index: number): number {
  let at = index;
  while (at < text.length && ' \t\n\r'.includes(text[at]!)) at++;
  return at;
}

/** The offset just past the value starting at `index`. */
function skipValue(text: string, index: number): number {
  const first = text[index];
  if (first === '"') {
    // The closing quote is the first one not escaped by an odd run of backslashes.
    for (let quote = text.indexOf('"', index + 1); quote !== -1; quote = text.indexOf('"', quote + 1)) {
      let backslashes = 0;
      while (text[quote - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) return quote + 1;
    }
    return text.length;
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let at = index; at < text.length; at++) {
      const char = text[at];
      if (char === '"') at = skipValue(text, at) - 1;
      else if (char === '{' || char === '[') depth++;
      else if ((char === '}' || char === ']') && --depth === 0) return at + 1;
    }
    return text.length;
  }
  let at = index;
  while (at < text.length && !',]} \t\n\r'.includes(text[at]!)) at++;
  return at;
}
