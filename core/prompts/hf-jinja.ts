// The package's types are ESM-only (a CommonJS file may not import them), but it ships a CommonJS
// build that `require` loads synchronously; these two functions are all that is used.
const hfJinja = require('@huggingface/jinja') as {
  tokenize(source: string): unknown[];
  parse(tokens: unknown[]): unknown;
};

/**
 * Whether @huggingface/jinja (the engine that renders chat templates in the Hugging Face JS stack) can
 * parse the template: the second opinion when nunjucks cannot.
 */
export function hfJinjaParses(text: string): boolean {
  try {
    hfJinja.parse(hfJinja.tokenize(text));
    return true;
  } catch {
    return false;
  }
}
