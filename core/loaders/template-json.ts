import { InputError } from '../errors';
import type { DocPath, Locate, Location } from '../model/location';
import { lineStarts, positionAt } from '../prompts/text-lines';
import { parseJsonDocument, type SourceDocument } from './documents';
import { jsonTooDeepAt, TOO_DEEP } from './nesting';

/**
 * Where one JSON value starts, where its key starts (inside a map), and the children a lookup has
 * reached so far. A container is read only as far as lookups need: `next` is where reading its
 * children resumes, `done` once they are all known.
 */
interface Span {
  offset: number;
  keyOffset?: number;
  members?: Map<string, Span>;
  items?: Span[];
  next?: number;
  done?: boolean;
}

/**
 * Reads a machine-written JSON file (a `cdk synth` template) as a SourceDocument: the value from
 * `JSON.parse`, positions found on demand by scanning only the containers a path goes through. A
 * YAML parse gives the same positions but costs about a hundred times more, which a validation
 * plugin running on every synth cannot afford. Malformed text falls back to parseJsonDocument for its
 * error.
 */
export function parseTemplateJson(text: string, file: string): SourceDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseJsonDocument(text, file);
  }
  let starts: number[] | undefined;
  const locateOffset = (offset: number): Location & { line: number; column: number } => {
    starts ??= lineStarts(text);
    return { file, ...positionAt(starts, offset) };
  };
  const tooDeep = jsonTooDeepAt(text);
  if (tooDeep !== -1) throw new InputError(TOO_DEEP, locateOffset(tooDeep));
  const root: Span = { offset: skipSpace(text, 0) };
  const locate: Locate = (path: DocPath, part = 'value') => {
    const span = spanAt(text, root, path);
    const offset = part === 'key' ? span?.keyOffset : span?.offset;
    return offset === undefined ? undefined : locateOffset(offset);
  };
  // Only white space comes before the root value: its position needs no line index.
  const before = text.slice(0, root.offset);
  const line = before.split('\n').length;
  const column = root.offset - before.lastIndexOf('\n');
  return { file, value, line, column, locate };
}

/**
 * Below this depth (a template's resources) a container is indexed whole on first use: lookups
 * cluster inside the few resources that hold workloads, and one pass beats one per level.
 */
const WHOLE_BELOW = 2;

function spanAt(text: string, root: Span, path: DocPath): Span | undefined {
  let span: Span | undefined = root;
  for (let depth = 0; depth < path.length; depth++) {
    if (!span) return undefined;
    const key = path[depth]!;
    if (depth >= WHOLE_BELOW && !span.done) indexWhole(text, span);
    span = depth >= WHOLE_BELOW ? childOf(span, key) : readUntil(text, span, key);
  }
  return span;
}

function childOf(span: Span, key: string | number): Span | undefined {
  return typeof key === 'number' ? span.items?.[key] : span.members?.get(key);
}

/**
 * The child `key` of a map or list, reading the container's children (each skipped over, not
 * indexed) only until it turns up. Templates put Resources first and most lookups early in them.
 */
function readUntil(text: string, span: Span, key: string | number): Span | undefined {
  const found = childOf(span, key);
  if (found || span.done) return found;
  const char = text.charCodeAt(span.offset);
  const map = char === 0x7b; /* { */
  if (!map && char !== 0x5b /* [ */) {
    span.done = true;
    return undefined;
  }
  if (span.next === undefined) {
    if (map) span.members = new Map();
    else span.items = [];
    span.next = skipSpace(text, span.offset + 1);
    if (text.charCodeAt(span.next) === (map ? 0x7d : 0x5d)) {
      span.done = true;
      return undefined;
    }
  }
  let at = span.next;
  for (;;) {
    let child: Span;
    if (map) {
      const keyEnd = stringEnd(text, at);
      const raw = text.slice(at + 1, keyEnd - 1);
      const name = raw.includes('\\') ? (JSON.parse(text.slice(at, keyEnd)) as string) : raw;
      child = { offset: skipSpace(text, skipSpace(text, keyEnd) + 1), keyOffset: at };
      // With duplicate keys (never in `cdk synth` output) the one read so far answers, until a later one.
      span.members!.set(name, child);
    } else {
      child = { offset: at };
      span.items!.push(child);
    }
    at = skipSpace(text, valueEnd(text, child.offset));
    const closed = text.charCodeAt(at) === (map ? 0x7d : 0x5d);
    span.next = closed ? undefined : skipSpace(text, at + 1);
    span.done = closed;
    const match = childOf(span, key);
    if (closed || match) return match;
    at = span.next!;
  }
}

/** Indexes every descendant of `span` in one pass; returns where its value ends. */
function indexWhole(text: string, span: Span): number {
  span.done = true;
  const char = text.charCodeAt(span.offset);
  if (char === 0x7b /* { */) {
    const members = new Map<string, Span>();
    span.members = members;
    let at = skipSpace(text, span.offset + 1);
    if (text.charCodeAt(at) === 0x7d) return at + 1;
    for (;;) {
      const keyEnd = stringEnd(text, at);
      const raw = text.slice(at + 1, keyEnd - 1);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(at, keyEnd)) as string) : raw;
      const child: Span = { offset: skipSpace(text, skipSpace(text, keyEnd) + 1), keyOffset: at };
      members.set(key, child);
      at = skipSpace(text, indexWhole(text, child));
      if (text.charCodeAt(at) === 0x7d) return at + 1;
      at = skipSpace(text, at + 1);
    }
  }
  if (char === 0x5b /* [ */) {
    const items: Span[] = [];
    span.items = items;
    let at = skipSpace(text, span.offset + 1);
    if (text.charCodeAt(at) === 0x5d) return at + 1;
    for (;;) {
      const child: Span = { offset: at };
      items.push(child);
      at = skipSpace(text, indexWhole(text, child));
      if (text.charCodeAt(at) === 0x5d) return at + 1;
      at = skipSpace(text, at + 1);
    }
  }
  return valueEnd(text, span.offset);
}

/** Whitespace, `,`, `]` and `}`: what ends a number, `true`, `false` or `null`. */
const SCALAR_ENDS = new Set([0x20, 0x0a, 0x0d, 0x09, 0x2c, 0x5d, 0x7d]);

/** The offset after the value that starts at `offset` (valid JSON, already checked by JSON.parse). */
function valueEnd(text: string, offset: number): number {
  const char = text.charCodeAt(offset);
  if (char === 0x22 /* " */) return stringEnd(text, offset);
  if (char !== 0x7b && char !== 0x5b) {
    let end = offset;
    while (end < text.length && !SCALAR_ENDS.has(text.charCodeAt(end))) end++;
    return end;
  }
  let depth = 0;
  for (let at = offset; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x22) at = stringEnd(text, at) - 1;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if ((c === 0x7d || c === 0x5d) && --depth === 0) return at + 1;
  }
  return text.length;
}

/** The offset after the closing quote of the string that starts at `offset`. */
function stringEnd(text: string, offset: number): number {
  let at = offset + 1;
  for (;;) {
    const quote = text.indexOf('"', at);
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    at = quote + 1;
  }
}

function skipSpace(text: string, offset: number): number {
  let at = offset;
  for (;;) {
    const char = text.charCodeAt(at);
    if (char !== 0x20 && char !== 0x0a && char !== 0x0d && char !== 0x09) return at;
    at++;
  }
}
