import type * as JinjaParser from './jinja-parser';
import { jinjaVariableUses } from './jinja-scope-walker';
import { parseJinjaSubset } from './jinja-subset-parser';
import { jinjaNesting } from './template-nesting';
import { failedScan, type TemplateScan } from './template-scan';

/**
 * The variables of a Jinja template. Most templates stay inside the subset our own parser reads
 * quickly; the others, and every template with a syntax error, go to nunjucks. When nunjucks cannot
 * parse it, @huggingface/jinja decides: if it cannot either, the template has a syntax error; if it
 * can, the template uses a construct our parser lacks, and its variables go unchecked (a warning,
 * never a silent pass).
 */
export function scanJinja(text: string): TemplateScan {
  const tooDeep = jinjaNesting(text);
  if (tooDeep) return failedScan(tooDeep);
  try {
    const root = parseJinjaSubset(text) ?? nunjucksParser().parseJinja(text);
    return { uses: jinjaVariableUses(root), problems: [], complete: true };
  } catch (error) {
    if (!(error instanceof nunjucksParser().JinjaSyntaxError)) throw error;
    const { line, column } = error.position;
    const { hfJinjaParses } = require('./hf-jinja') as typeof import('./hf-jinja');
    if (hfJinjaParses(text)) {
      return failedScan({
        severity: 'warning',
        line,
        column,
        message: `construct the linter cannot read (${error.message}); variables in this template are not checked`,
      });
    }
    return failedScan({
      severity: 'error',
      line,
      column,
      message: `template syntax error: ${error.message}`,
    });
  }
}

let fallback: typeof JinjaParser | undefined;

/** nunjucks, loaded only when a template leaves our subset: a lint run that never needs it starts faster. */
function nunjucksParser(): typeof JinjaParser {
  fallback ??= require('./jinja-parser') as typeof JinjaParser;
  return fallback;
}
