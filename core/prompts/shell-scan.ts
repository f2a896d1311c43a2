import { shellNesting } from './template-nesting';
import { failedScan, type TemplateProblem, type TemplateScan, type VariableUse } from './template-scan';
import { positionsInOrder } from './text-lines';

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const OPERATOR = /:?[-=?+]/y;

/**
 * The variables of an envsubst / Docker Compose style template: `$VAR`, `${VAR}`, and the forms with a
 * word after an operator: `:-` / `-` (default when unset or empty / unset), `:=` / `=` (the same,
 * assigning), `:+` / `+` (alternative, else empty), and `:?` / `?` (fail with a message). `$$` is a
 * literal `$`; a `$` before anything but a name or `{` is literal too. Words may nest substitutions
 * (`${A:-${B}}`), which are uses of their own. Forms neither tool knows (`${VAR:0:2}`, `${#VAR}`) are
 * errors, as Compose reports them.
 */
export function scanShell(text: string): TemplateScan {
  const tooDeep = shellNesting(text);
  if (tooDeep) return failedScan(tooDeep);
  const scan: Scan = { text, at: positionsInOrder(text), uses: [], problems: [] };
  scanRange(scan, 0, text.length);
  return { uses: scan.uses, problems: scan.problems, complete: scan.problems.length === 0 };
}

interface Scan {
  text: string;
  at(offset: number): { line: number; column: number };
  uses: VariableUse[];
  problems: TemplateProblem[];
}

function scanRange(scan: Scan, from: number, to: number): void {
  const { text } = scan;
  let index = from;
  while (index < to) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1 || dollar >= to) return;
    const next = text[dollar + 1];
    if (next === '$') index = dollar + 2;
    else if (next === '{') index = braced(scan, dollar, to);
    else {
      NAME.lastIndex = dollar + 1;
      const name = NAME.exec(text)?.[0];
      if (name && dollar + 1 + name.length <= to) {
        scan.uses.push({ name, ...scan.at(dollar + 1), length: name.length, fallback: 'none' });
        index = dollar + 1 + name.length;
      } else index = dollar + 1;
    }
  }
}

/** `${...}` starting at `dollar`; returns where scanning goes on. */
function braced(scan: Scan, dollar: number, to: number): number {
  const { text } = scan;
  const close = matchingBrace(text, dollar + 2, to);
  if (close === -1) return problem(scan, dollar, 'template syntax error: ${ is never closed with }', to);
  NAME.lastIndex = dollar + 2;
  const name = NAME.exec(text)?.[0];
  if (!name) {
    return problem(
      scan,
      dollar,
      `template syntax error: bad substitution "${text.slice(dollar, close + 1)}"`,
      close + 1,
    );
  }
  const afterName = dollar + 2 + name.length;
  const use: VariableUse = { name, ...scan.at(dollar + 2), length: name.length, fallback: 'none' };
  if (afterName === close) {
    scan.uses.push(use);
    return close + 1;
  }
  OPERATOR.lastIndex = afterName;
  const operator = OPERATOR.exec(text)?.[0];
  if (!operator) {
    return problem(
      scan,
      dollar,
      `template syntax error: unsupported substitution "${text.slice(dollar, close + 1)}" (envsubst and Compose know :- - := = :+ + :? ?)`,
      close + 1,
    );
  }
  if (operator.endsWith('?')) use.insisted = true;
  else use.fallback = 'default';
  scan.uses.push(use);
  // The word after the operator is expanded too: a default may name another variable.
  scanRange(scan, afterName + operator.length, close);
  return close + 1;
}

/** The `}` that closes the `${` whose body starts at `from`, counting nested `${...}`. */
function matchingBrace(text: string, from: number, to: number): number {
  let depth = 1;
  for (let index = from; index < to; index++) {
    const char = text[index];
    if (char === '$' && text[index + 1] === '{') {
      depth++;
      index++;
    } else if (char === '}' && --depth === 0) return index;
  }
  return -1;
}

function problem(scan: Scan, offset: number, message: string, resume: number): number {
  scan.problems.push({ severity: 'error', ...scan.at(offset), message });
  return resume;
}
