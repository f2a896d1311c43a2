import type { Finding } from '../model/finding';
import type { PromptSource } from '../model/prompt';
import {
  BIDI_CONTROLS,
  characterName,
  codePointLabel,
  type InvisibleRun,
  invisibleRuns,
  isTagCharacter,
} from '../prompts/invisible-characters';
import { located } from '../prompts/located';
import { lineStarts, positionAt } from '../prompts/text-lines';

/** Kinds of character named in one message before "and N more". */
const NAMED_KINDS = 4;
/** Hidden tag text shown, at most. */
const SHOWN_TEXT = 60;

/**
 * `invisible-unicode` for one template: every run of invisible or bidirectional-control characters is
 * an error at its position, naming each code point. They change what the model reads (or how a
 * reviewer sees the text) without showing in review; Unicode tag characters even carry whole hidden
 * sentences, which the message spells out.
 */
export function invisibleUnicode(source: PromptSource): Finding[] {
  const runs = invisibleRuns(source.text);
  if (runs.length === 0) return [];
  const starts = lineStarts(source.text);
  return runs.map((run) => ({
    rule: 'invisible-unicode',
    severity: 'error',
    message: runMessage(run),
    target: source.target,
    location: located(source, positionAt(starts, run.offset), run.length),
    fix: `Delete ${run.codePoints.length === 1 ? 'it' : 'them'} (search for \\u${run.codePoints[0]!.toString(16).toUpperCase()} in your editor), or retype the text around it.`,
  }));
}

function runMessage(run: InvisibleRun): string {
  const { codePoints } = run;
  if (codePoints.every(isTagCharacter) || (codePoints.some(isTagCharacter) && codePoints.length > 2)) {
    const hidden = codePoints
      .filter(isTagCharacter)
      .map((codePoint) => String.fromCharCode(codePoint - 0xe0000));
    const text = hidden.join('');
    const shown = text.length > SHOWN_TEXT ? `${text.slice(0, SHOWN_TEXT)}…` : text;
    return `hidden text in ${codePoints.length} invisible Unicode tag characters (U+E0020..U+E007E): ${JSON.stringify(shown)}`;
  }
  const kinds = [...new Set(codePoints)];
  const named = kinds
    .slice(0, NAMED_KINDS)
    .map((codePoint) => `${codePointLabel(codePoint)} ${characterName(codePoint)}`);
  const more = kinds.length > NAMED_KINDS ? ` and ${kinds.length - NAMED_KINDS} more kinds` : '';
  const bidi = codePoints.some((codePoint) => BIDI_CONTROLS.has(codePoint))
    ? ' (bidirectional control: it reorders how the text around it is displayed)'
    : '';
  const what = codePoints.length === 1 ? 'invisible character' : `${codePoints.length} invisible characters:`;
  return `${what} ${named.join(', ')}${more}${bidi}`;
}
