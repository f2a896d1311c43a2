/**
 * How a template copes with a variable being absent at a use:
 * - `none`: it reads the variable as is; the caller must fill it.
 * - `default`: the template supplies a value (`| default(...)`, `${VAR:-x}`).
 * - `guard`: the use sits under a test (`is defined`, `{% if x %}`, `{{#if x}}`) or is the test itself.
 * - `context`: it resolves through a section's context first (Mustache, Handlebars), so it is not checked.
 */
export type Fallback = 'none' | 'default' | 'guard' | 'context';

/** A place in a template's own text; lines and columns are 1-based, columns in UTF-16 code units. */
export interface TextPosition {
  line: number;
  column: number;
}

/** One read of a variable that the template does not bind itself. */
export interface VariableUse extends TextPosition {
  /** The root name: `user` for `user.name`. */
  name: string;
  /** Length of the name as written, for the end of the highlighted region. */
  length: number;
  fallback: Fallback;
  /** The use is a truthiness test (`{% if x %}`, `{{#if x}}`, `{{#x}}`): an absent value only makes it false. */
  tested?: boolean;
  /** Jinja: the template sets it on some paths before this use, not on all. */
  maybe?: boolean;
  /** Shell `${VAR:?message}`: the template itself insists on it. */
  insisted?: boolean;
  /** Jinja: the template assigns the name, but not where this use can see it. */
  assigned?: TextPosition & { why: 'later' | 'inner-scope'; scope?: string };
}

/** A syntax error (the template cannot be rendered) or a construct the linter cannot check. */
export interface TemplateProblem extends TextPosition {
  severity: 'error' | 'warning';
  message: string;
}

export interface TemplateScan {
  uses: VariableUse[];
  problems: TemplateProblem[];
  /** False when the variables could not all be read (a syntax error): no variable counts as unused then. */
  complete: boolean;
}

export function failedScan(problem: TemplateProblem): TemplateScan {
  return { uses: [], problems: [problem], complete: false };
}
