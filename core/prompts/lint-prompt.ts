import type { Finding } from '../model/finding';
import type { Dialect, PromptSource, PromptVar, PromptVars } from '../model/prompt';
import { invisibleUnicode } from '../rules/invisible-unicode';
import { promptTemplateVars } from '../rules/prompt-template-vars';
import { readsAsChatTemplate } from './chat-template-content';
import { scanTemplate } from './scan-template';
import { isTooDeep } from './template-nesting';
import type { TemplateProblem } from './template-scan';
import { variablesFor } from './variables-for';

export interface PromptLint {
  /** In source order. */
  findings: Finding[];
  /** The declared variables filled for this template; the same array for templates that get the same ones. */
  applicable: readonly PromptVar[];
  /** Those of them it reads (when it could not be read fully: those it mentions). */
  used: PromptVar[];
  /** The dialect it was read as: a `jinja` file whose content is a chat template is read as one. */
  dialect: Dialect;
  /** True when that dialect came from the template's content rather than its name or the config. */
  byContent: boolean;
  /** Set when the template nests too deep for the parsers (also a finding): a file that cannot be read. */
  tooDeep?: TemplateProblem;
}

/**
 * Both prompt rules over one template. Pure: the text is already read. A template whose dialect came
 * from its `.jinja` / `.j2` name and whose content is a chat template gets the engine's variables.
 */
export function lintPrompt(source: PromptSource, vars: PromptVars): PromptLint {
  const variables = variablesFor(vars, source.file);
  const scan = scanTemplate(source.text, source.dialect);
  const byContent =
    source.dialect === 'jinja' && !source.dialectConfigured && readsAsChatTemplate(scan.uses, source.text);
  const read: PromptSource = byContent ? { ...source, dialect: 'chat-template' } : source;
  const outcome = promptTemplateVars(read, scan, variables);
  const invisible = invisibleUnicode(source);
  const findings = invisible.length > 0 ? [...invisible, ...outcome.findings] : outcome.findings;
  if (findings.length > 1) {
    findings.sort(
      (a, b) =>
        (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
        (a.location?.column ?? 0) - (b.location?.column ?? 0),
    );
  }
  return {
    findings,
    applicable: listed(variables),
    used: scan.complete ? outcome.used : mentioned(source.text, variables),
    dialect: read.dialect,
    byContent,
    tooDeep: scan.problems.find(isTooDeep),
  };
}

const lists = new WeakMap<ReadonlyMap<string, PromptVar>, readonly PromptVar[]>();

function listed(variables: ReadonlyMap<string, PromptVar>): readonly PromptVar[] {
  let list = lists.get(variables);
  if (!list) {
    list = [...variables.values()];
    lists.set(variables, list);
  }
  return list;
}

/**
 * When a template could not be read fully, which variables it uses is unknown: every declared one
 * whose name appears in its text as a word counts as used, so none is reported unused by mistake.
 */
function mentioned(text: string, variables: ReadonlyMap<string, PromptVar>): PromptVar[] {
  const words = new Set(text.match(/[A-Za-z_][A-Za-z0-9_]*/g));
  return [...variables.values()].filter((variable) => words.has(variable.name));
}
