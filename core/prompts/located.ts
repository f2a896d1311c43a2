import type { Location } from '../model/location';
import type { PromptSource } from '../model/prompt';
import type { TextPosition } from './template-scan';

/** A position in a template's text as a location in its file, spanning `length` characters of text. */
export function located(source: PromptSource, position: TextPosition, length: number): Location {
  const end = { line: position.line, column: position.column + length };
  const [from, to] = source.locate
    ? [source.locate(position.line, position.column), source.locate(end.line, end.column)]
    : [position, end];
  return { file: source.file, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}
