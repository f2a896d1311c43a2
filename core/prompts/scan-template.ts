import type { Dialect } from '../model/prompt';
import { scanFstring } from './fstring-scan';
import { scanHandlebars } from './handlebars-scan';
import { scanJinja } from './jinja-scan';
import { scanMustache } from './mustache-scan';
import { scanShell } from './shell-scan';
import { tooDeepProblem } from './template-nesting';
import { failedScan, type TemplateScan } from './template-scan';

const SCANNERS: Record<Dialect, (text: string) => TemplateScan> = {
  jinja: scanJinja,
  'chat-template': scanJinja,
  handlebars: scanHandlebars,
  mustache: scanMustache,
  shell: scanShell,
  fstring: scanFstring,
};

/** The variables a template reads and its syntax problems, by its dialect's own scanner. */
export function scanTemplate(text: string, dialect: Dialect): TemplateScan {
  try {
    return SCANNERS[dialect](text);
  } catch (error) {
    // Each scanner refuses nesting it cannot follow first; a stack overflow anyway is still this
    // template's problem, and every other template is still linted.
    if (error instanceof RangeError && /call stack/i.test(error.message)) return failedScan(tooDeepProblem());
    throw error;
  }
}
