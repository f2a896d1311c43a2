import { hfJinjaParses } from './hf-jinja';
import { JinjaSyntaxError, parseJinja } from './jinja-parser';
import { jinjaVariableUses } from './jinja-scope-walker';
import { parseJinjaSubset } from './jinja-subset-parser';
import { failedScan, type TemplateScan } from './template-scan';

/**
 * The variables of a Jinja template. Most templates stay inside the subset our own parser reads
 * quickly; the others, and every template with a syntax error, go to nunjucks. When nunjucks cannot
 * parse it, @huggingface/jinja decides: if it cannot either, the template has a syntax error; if it
 * can, the template uses a construct our parser lacks, and its variables go unchecked (a warning,
 * never a silent pass).
 */
export function scanJinja(text: string): TemplateScan {
  try {
    const root = parseJinjaSubset(text) ?? parseJinja(text);
    return { uses: jinjaVariableUses(root), problems: [], complete: true };
  } catch (error) {
    if (!(error instanceof JinjaSyntaxError)) throw error;
    const { line, column } = error.position;
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
