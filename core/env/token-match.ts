/**
 * Tokens that qualify a name without changing what it points at: `OPENAI_KEY` and `OPENAI_API_KEY` name
 * the same thing, and so do `AWS_SECRET_KEY` and `AWS_SECRET_ACCESS_KEY`.
 */
export const FILLER_TOKENS: ReadonlySet<string> = new Set([
  'API',
  'KEY',
  'TOKEN',
  'ACCESS',
  'ID',
  'SECRET',
  'HUB',
  'URL',
  'NAME',
]);

/**
 * Fillers that may stand in for one another. Swapping any other pair changes the meaning: a `_URL` is
 * never the `_KEY` of the same vendor, and `MODEL_NAME` is not `MODEL_ID`.
 */
const CREDENTIAL_TOKENS: ReadonlySet<string> = new Set(['KEY', 'TOKEN', 'SECRET']);

/** The `_`-separated words of a name, upper-cased, empty ones dropped. */
export function envNameTokens(name: string): string[] {
  return name
    .toUpperCase()
    .split('_')
    .filter((token) => token.length > 0);
}

/**
 * The token rule: both names have a vendor prefix and more, the prefix (first token) is the same, and
 * the token multisets differ only by one or two filler tokens (a swap counts as two). Returns how many
 * tokens differ (0 when only order or separators differ), or undefined when the rule does not hold.
 */
export function fillerTokenDifference(
  written: readonly string[],
  known: readonly string[],
): number | undefined {
  if (written.length < 2 || known.length < 2 || written[0] !== known[0]) return undefined;
  const onlyWritten = tokensMissingFrom(written, known);
  const onlyKnown = tokensMissingFrom(known, written);
  const differing = onlyWritten.length + onlyKnown.length;
  if (differing > 2) return undefined;
  if (![...onlyWritten, ...onlyKnown].every((token) => FILLER_TOKENS.has(token))) return undefined;
  const [from] = onlyWritten;
  const [to] = onlyKnown;
  if (from !== undefined && to !== undefined && !(CREDENTIAL_TOKENS.has(from) && CREDENTIAL_TOKENS.has(to))) {
    return undefined;
  }
  return differing;
}

/** The tokens of `a` left over after taking out one occurrence of each token of `b` (multiset difference). */
function tokensMissingFrom(a: readonly string[], b: readonly string[]): string[] {
  const remaining = [...b];
  const missing: string[] = [];
  for (const token of a) {
    const at = remaining.indexOf(token);
    if (at === -1) missing.push(token);
    else remaining.splice(at, 1);
  }
  return missing;
}
