import type { TemplateProblem, TemplateScan, VariableUse } from './template-scan';
import { positionsInOrder } from './text-lines';

const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/**
 * The variables of a LangChain f-string template (Python `str.format` syntax): `{name}`, with an
 * optional `!r` / `!s` / `!a` conversion and `:spec`, whose own `{width}` fields are variables too;
 * `{{` and `}}` are literal braces. LangChain rejects what `str.format` would also accept: attribute
 * or index access (`{user.name}`, `{docs[0]}`), all-digit and empty names. A brace that is neither
 * (`{"role": "user"}` pasted from JSON) is the classic mistake, reported with the escape to use.
 * Every problem is reported, not only the first, and scanning goes on after each.
 */
export function scanFstring(text: string): TemplateScan {
  const at = positionsInOrder(text);
  const uses: VariableUse[] = [];
  const problems: TemplateProblem[] = [];
  const report = (offset: number, message: string) =>
    problems.push({ severity: 'error', ...at(offset), message: `template syntax error: ${message}` });

  // The next `{` and `}` at or after `index`, each found with one search (faster than a regex here).
  let nextOpen = text.indexOf('{');
  let nextClose = text.indexOf('}');
  for (let index = 0; ; ) {
    if (nextOpen !== -1 && nextOpen < index) nextOpen = text.indexOf('{', index);
    if (nextClose !== -1 && nextClose < index) nextClose = text.indexOf('}', index);
    const offset = nextOpen === -1 || (nextClose !== -1 && nextClose < nextOpen) ? nextClose : nextOpen;
    if (offset === -1) break;
    const brace = text[offset];
    if (text[offset + 1] === brace) {
      index = offset + 2;
    } else if (brace === '}') {
      report(offset, 'single "}" (write }} for a literal brace)');
      index = offset + 1;
    } else {
      const close = fieldEnd(text, offset + 1);
      if (close === -1) {
        report(offset, '"{" is never closed (write {{ for a literal brace)');
        return { uses, problems, complete: false };
      }
      readField(text.slice(offset + 1, close), offset + 1, { uses, report, at });
      index = close + 1;
    }
  }
  return { uses, problems, complete: problems.length === 0 };
}

interface FieldSink {
  uses: VariableUse[];
  report(offset: number, message: string): void;
  at(offset: number): { line: number; column: number };
}

/** `name[!conversion][:spec]` at `offset`; the spec may hold nested `{field}`s. */
function readField(body: string, offset: number, sink: FieldSink, nested = false): void {
  const nameEnd = body.search(/[!:]/);
  const name = nameEnd === -1 ? body : body.slice(0, nameEnd);
  const brace = offset - 1;
  if (name === '') sink.report(brace, '"{}" is a positional field; LangChain fills fields by name');
  else if (/^\d+$/.test(name))
    sink.report(brace, `"{${name}}" is a positional field; LangChain fills fields by name`);
  else if (/[.[]/.test(name) && IDENTIFIER.test(name.split(/[.[]/)[0]!)) {
    sink.report(brace, `"{${name}}": LangChain does not allow attribute or index access in f-string fields`);
  } else if (!IDENTIFIER.test(name)) {
    sink.report(brace, `"{${shorten(body)}}" is not a field name (write {{ and }} for literal braces)`);
  } else sink.uses.push({ name, ...sink.at(offset), length: name.length, fallback: 'none' });
  if (nameEnd === -1) return;
  let rest = body.slice(nameEnd);
  if (rest.startsWith('!')) {
    if (!/^![rsa](:|$)/.test(rest))
      sink.report(brace, `invalid conversion "${rest.slice(0, 2)}" (expected !r, !s or !a)`);
    rest = rest.slice(2);
  }
  if (!rest.startsWith(':') || nested) return;
  const specOffset = offset + body.length - rest.length + 1;
  const spec = rest.slice(1);
  for (let open = spec.indexOf('{'); open !== -1; open = spec.indexOf('{', open + 1)) {
    const close = spec.indexOf('}', open);
    if (close === -1) break;
    readField(spec.slice(open + 1, close), specOffset + open + 1, sink, true);
  }
}

/** The `}` closing a field opened before `from`, skipping one level of nested `{...}` in its spec. */
function fieldEnd(text: string, from: number): number {
  let depth = 1;
  for (let index = from; index < text.length; index++) {
    if (text[index] === '{') depth++;
    else if (text[index] === '}' && --depth === 0) return index;
  }
  return -1;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 30 ? `${oneLine.slice(0, 30)}…` : oneLine;
}
