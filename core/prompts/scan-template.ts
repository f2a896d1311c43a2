import type { Dialect } from '../model/prompt';
import { scanFstring } from './fstring-scan';
import { scanHandlebars } from './handlebars-scan';
import { scanJinja } from './jinja-scan';
import { scanMustache } from './mustache-scan';
import { scanShell } from './shell-scan';
import type { TemplateScan } from './template-scan';

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
  return SCANNERS[dialect](text);
}
