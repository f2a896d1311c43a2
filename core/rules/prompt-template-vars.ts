import type { Finding } from '../model/finding';
import type { Dialect, PromptSource, PromptVar } from '../model/prompt';
import { DIALECT_GLOBALS } from '../prompts/dialect-globals';
import { located } from '../prompts/located';
import type { TemplateScan, VariableUse } from '../prompts/template-scan';

/** How to give a variable a default in each dialect, for the fix line. */
const DEFAULT_SYNTAX: Record<Dialect, string> = {
  jinja: 'give it a default ({{ NAME | default(...) }}) or guard it ({% if NAME is defined %})',
  'chat-template': 'give it a default ({{ NAME | default(...) }}) or guard it ({% if NAME is defined %})',
  handlebars: 'guard it ({{#if NAME}}...{{/if}})',
  mustache: 'guard it with a section ({{#NAME}}...{{/NAME}})',
  shell: 'give it a default (${NAME:-...})',
  fstring: 'pass it as a partial variable (f-strings have no defaults)',
};

export interface TemplateVarsOutcome {
  findings: Finding[];
  /** The declared variables this template reads. */
  used: PromptVar[];
}

/**
 * `prompt-template-vars` for one template: every read of a variable nothing fills (not declared in
 * prompt_vars.yaml, no default or guard in the template, not a dialect global) is an error at its
 * position; a name the template sets on some paths only is a warning, as is an optional variable
 * (`required: false`) read without a default. Syntax problems of the scan are reported too. Messages
 * carry names only: a declared default is never known here, let alone printed.
 */
export function promptTemplateVars(
  source: PromptSource,
  scan: TemplateScan,
  variables: ReadonlyMap<string, PromptVar>,
): TemplateVarsOutcome {
  const findings: Finding[] = scan.problems.map((problem) => ({
    rule: 'prompt-template-vars',
    severity: problem.severity,
    message: problem.message,
    target: source.target,
    location: located(source, problem, 1),
  }));
  const used = new Set<PromptVar>();
  const globals = DIALECT_GLOBALS[source.dialect];
  for (const use of scan.uses) {
    const declared = variables.get(use.name);
    if (declared) used.add(declared);
    else if (globals.has(use.name)) continue;
    const finding = useFinding(source, use, declared);
    if (finding) findings.push(finding);
  }
  return { findings, used: [...used] };
}

function useFinding(
  source: PromptSource,
  use: VariableUse,
  declared: PromptVar | undefined,
): Finding | undefined {
  if (use.fallback !== 'none') return undefined;
  // Most uses are of declared variables: return before building texts for them.
  if (declared && (declared.required || declared.hasDefault || use.tested)) return undefined;
  const fix = DEFAULT_SYNTAX[source.dialect].replaceAll('NAME', use.name);
  const at = (message: string, severity: Finding['severity'], fixText: string): Finding => ({
    rule: 'prompt-template-vars',
    severity,
    message,
    target: source.target,
    location: located(source, use, use.length),
    fix: fixText,
  });
  if (declared) {
    return at(
      `"${use.name}" is optional in prompt_vars.yaml (required: false) and read here without a default`,
      'warning',
      `${capitalized(fix)}, or mark it required.`,
    );
  }
  if (use.maybe) {
    return at(
      `"${use.name}" is set on some paths before this use but not on all; on the others it is undefined`,
      'warning',
      `Set it before the branch or on every branch, or declare it in prompt_vars.yaml.`,
    );
  }
  const declareOr = `Declare "${use.name}" in prompt_vars.yaml, or ${fix}.`;
  if (use.assigned?.why === 'later') {
    const line = located(source, use.assigned, 1).line;
    return at(
      `"${use.name}" is read before the template sets it (line ${line}), and prompt_vars.yaml does not declare it`,
      'error',
      `Move the set above this use, or ${declareOr.charAt(0).toLowerCase()}${declareOr.slice(1)}`,
    );
  }
  if (use.assigned?.why === 'inner-scope') {
    const line = located(source, use.assigned, 1).line;
    const scope = use.assigned.scope === 'for' ? 'for loop' : `${use.assigned.scope} block`;
    return at(
      `"${use.name}" is assigned inside the ${scope} on line ${line}, which does not carry it past its end`,
      'error',
      use.assigned.scope === 'for'
        ? `Use a namespace: {% set ns = namespace(${use.name}=...) %} before the loop, {% set ns.${use.name} = ... %} inside it, then ns.${use.name}.`
        : declareOr,
    );
  }
  if (use.insisted) {
    return at(
      `"${use.name}" is required by the template (\${${use.name}:?...}) but not declared in prompt_vars.yaml`,
      'error',
      `Declare "${use.name}" in prompt_vars.yaml so whoever renders the prompt knows to set it.`,
    );
  }
  return at(`"${use.name}" is not declared in prompt_vars.yaml and has no default`, 'error', declareOr);
}

/**
 * `prompt-template-vars` across a run: a declared variable that no linted template it is filled for
 * reads is a warning at its declaration, so prompt_vars.yaml does not drift from the prompts.
 */
export function unusedPromptVars(unused: readonly PromptVar[], target: string): Finding[] {
  return unused.map((variable) => ({
    rule: 'prompt-template-vars',
    severity: 'warning',
    message: variable.files
      ? `"${variable.name}" is declared for templates matching "${variable.files}", but none of them uses it`
      : `"${variable.name}" is declared in prompt_vars.yaml, but no linted template uses it`,
    target,
    location: variable.location ?? { file: target },
    fix: 'Remove the declaration, or lint the templates that use it in the same run.',
  }));
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
