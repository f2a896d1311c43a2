import {
  type Document,
  isCollection,
  isMap,
  isNode,
  isPair,
  isScalar,
  LineCounter,
  parseAllDocuments,
  type Tags,
  visit,
  YAMLMap,
} from 'yaml';
import { InputError } from '../errors';
import type { DocPath, Locate, Location } from '../model/location';
import { applyMergeKeys } from './merge-keys';
import { jsonTooDeepAt, nestingProblem, TOO_DEEP } from './nesting';

/** One parsed YAML or JSON document, as plain data plus a way to find where any path of it stands. */
export interface SourceDocument {
  file: string;
  value: unknown;
  /** Position of the document's first content. */
  line: number;
  column: number;
  /** Positions of paths inside this document, computed on demand. */
  locate: Locate;
}

/** Aliases beyond this are refused: the "billion laughs" YAML bomb relies on them. */
const MAX_ALIASES = 100;

/** CloudFormation short-form intrinsics (`!Ref`, `!Sub`, ...) read as their long JSON form. */
const cfnTags: Tags = [
  ...['Ref', 'Condition'].map((name) => scalarTag(name, (value) => ({ [name]: value }))),
  scalarTag('GetAtt', (value) => ({ 'Fn::GetAtt': value.split('.') })),
  ...['Base64', 'GetAZs', 'ImportValue', 'Sub'].map((name) => scalarTag(name, fnTagValue(name))),
  ...[
    'And',
    'Base64',
    'Cidr',
    'Equals',
    'FindInMap',
    'GetAtt',
    'GetAZs',
    'If',
    'ImportValue',
    'Join',
    // Fn::Length and Fn::ToJsonString come with the AWS::LanguageExtensions transform.
    'Length',
    'Not',
    'Or',
    'Select',
    'Split',
    'Sub',
    'ToJsonString',
    'Transform',
  ].flatMap((name) => [collectionTag(name, 'seq'), collectionTag(name, 'map')]),
];

function fnTagValue(name: string) {
  return (value: unknown) => ({ [`Fn::${name}`]: value });
}

function scalarTag(name: string, resolve: (value: string) => unknown) {
  return { tag: `!${name}`, resolve: (value: string) => resolve(value) } as Tags[number];
}

/** `!Join [a, b]` becomes the map `{Fn::Join: [a, b]}`, still a YAML node so positions keep working. */
function collectionTag(name: string, collection: 'seq' | 'map') {
  const key = name === 'Condition' ? name : `Fn::${name}`;
  return {
    tag: `!${name}`,
    collection,
    resolve: (node: unknown) => {
      const wrapper = new YAMLMap();
      wrapper.set(key, node);
      return wrapper;
    },
  } as unknown as Tags[number];
}

/**
 * Parses every document of a YAML (or JSON) text. Errors become an InputError naming the file, line and
 * column; an alias bomb is refused. Empty documents are skipped.
 */
export function parseDocuments(text: string, file: string): SourceDocument[] {
  const lineCounter = new LineCounter();
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      lineCounter,
      uniqueKeys: true,
      customTags: cfnTags,
      prettyErrors: false,
      // The library's warnings go to process.emitWarning with the offending text quoted, which may be a
      // secret: none reaches the terminal; what they are about is checked below, with a position.
      logLevel: 'silent',
    }) as Document.Parsed[] | never;
  } catch (error) {
    throw new InputError(`cannot parse: ${(error as Error).message}`, { file });
  }
  if (!Array.isArray(docs)) docs = [docs];
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  const result: SourceDocument[] = [];
  const mayMerge = text.includes('<<');
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) {
      // The library's own guard, for nesting its parser could not follow: its message is V8's.
      const message = error.code === 'RESOURCE_EXHAUSTION' ? TOO_DEEP : firstLine(error.message);
      throw new InputError(message, at(error.pos[0]));
    }
    // Before anything recursive walks it (the checks below, toJS, the readers of its value).
    const problem = nestingProblem(doc);
    if (problem) throw new InputError(problem.message, at(problem.offset));
    const collectionKey = firstCollectionKey(doc);
    if (collectionKey !== undefined) {
      throw new InputError(
        'a mapping key is itself a mapping or a list (an unrendered `{{ }}` template?)',
        at(collectionKey),
      );
    }
    // `---` with nothing after it, or an explicit null document, holds no resource.
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) continue;
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      const message = (error as Error).message;
      const why = /alias/i.test(message)
        ? 'too many YAML aliases (an alias bomb: a few lines that expand to millions of nodes)'
        : message;
      throw new InputError(why, at(doc.range[0]));
    }
    // Read once unmerged above (a merge only repeats what its aliases hold, so the alias bound holds).
    if (mayMerge && applyMergeKeys(doc, at)) value = doc.toJS();
    const start = at(doc.contents.range?.[0] ?? doc.range[0]);
    result.push({
      file,
      value,
      line: start.line ?? 1,
      column: start.column ?? 1,
      locate: (path: DocPath, part = 'value') => {
        const node = part === 'key' ? keyNode(doc, path) : doc.getIn(path as unknown[], true);
        return isNode(node) && node.range ? at(node.range[0]) : undefined;
      },
    });
  }
  return result;
}

/**
 * Where the first map key that is a collection starts (`{ token: {{X}} }` reads `{{X}}` as a map whose
 * key is a map), which plain data cannot hold: the library would stringify it with a warning.
 */
function firstCollectionKey(doc: Document.Parsed): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        found = pair.key.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The key node of the last path segment, when the segment names a key of a map. */
function keyNode(doc: Document.Parsed, path: DocPath): unknown {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1) as unknown[], true) : doc.contents;
  if (!isMap(parent)) return undefined;
  return parent.items.find((pair) => isScalar(pair.key) && pair.key.value === path[path.length - 1])?.key;
}

/** Parses a JSON text strictly (JSON.parse), keeping YAML-based positions when the text allows them. */
export function parseJsonDocument(text: string, file: string): SourceDocument {
  try {
    JSON.parse(text);
  } catch (error) {
    throw new InputError(jsonErrorMessage(error as Error), jsonErrorLocation(error as Error, text, file));
  }
  const tooDeep = jsonTooDeepAt(text);
  if (tooDeep !== -1) throw new InputError(TOO_DEEP, offsetLocation(text, tooDeep, file));
  const [doc] = parseDocuments(text, file);
  if (!doc) throw new InputError('empty JSON document', { file });
  return doc;
}

/**
 * V8's JSON errors quote the text (`Unexpected token 'C', "{"a":CANARY-7f3"... is not valid JSON`),
 * and the text may hold a secret: the message is ours, chosen by the kind of error, never V8's words.
 */
const JSON_ERRORS: readonly [RegExp, string][] = [
  [
    /^Unexpected end of JSON input/,
    'unexpected end of the text: a value, a closing bracket or a quote is missing',
  ],
  [/^Unexpected non-whitespace character after JSON/, 'unexpected text after the JSON value'],
  [/^Expected property name or '}'/, "expected a property name in double quotes or '}'"],
  [/^Expected ',' or '}' after property value/, "expected ',' or '}' after a property value"],
  [/^Expected ',' or ']' after array element/, "expected ',' or ']' after an array element"],
  [/^Expected ':' after property name/, "expected ':' after a property name"],
  [/^Expected double-quoted property name/, 'expected a property name in double quotes'],
  [/^Unterminated string/, 'a string is not closed'],
  [/^Bad control character in string literal/, 'a control character inside a string (escape it)'],
  [/^Bad (Unicode )?escape/, 'a bad escape sequence inside a string'],
  [
    /^(No number after minus sign|Exponent part is missing a number|Unterminated fractional number)/,
    'a malformed number',
  ],
  [/^Unexpected token/, 'unexpected character: expected a JSON value, a comma, a colon or a closing bracket'],
];

export function jsonErrorMessage(error: Error): string {
  const known = JSON_ERRORS.find(([pattern]) => pattern.test(error.message));
  return `not valid JSON: ${known?.[1] ?? 'a syntax error'}`;
}

/**
 * V8 gives either `at position N`, or (Node 20, for an unexpected token) a snippet: the whole text when
 * short, else `...` and the ten characters before the token onwards. Both lead back to the offset.
 */
function jsonErrorLocation(error: Error, text: string, file: string): Location {
  const message = error.message;
  let offset = text.length;
  const position = /at position (\d+)/.exec(message);
  const token = /^Unexpected token '(.+?)', (.*) is not valid JSON$/s.exec(message);
  if (position) offset = Number(position[1]);
  else if (token) {
    const snippet = token[2]!;
    const body = snippet.replace(/^(\.\.\.)?"/, '').replace(/"(\.\.\.)?$/, '');
    offset = snippet.startsWith('...') ? text.indexOf(body) + 10 : text.indexOf(token[1]!);
  }
  if (offset < 0) offset = text.length;
  return offsetLocation(text, offset, file);
}

function offsetLocation(text: string, offset: number, file: string): Location {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { file, line, column: offset - before.lastIndexOf('\n') };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}
