import { distance as levenshtein } from 'fastest-levenshtein';
import { aliasFor } from './alias-table';
import { isDeliberateVariant } from './deliberate-variant';
import type { EnvNameEntry } from './env-name-list';
import type { KnownNames, NameCandidate } from './known-env-names';
import { osaDistance } from './osa-distance';
import { envNameTokens, fillerTokenDifference } from './token-match';
import { typoBound } from './typo-bound';

/** What a written env var name is, judged against the known names. */
export type EnvNameVerdict =
  | { kind: 'known'; name: string; entry: EnvNameEntry }
  /** Nothing known is close: a different name, not a typo. */
  | { kind: 'unknown'; name: string }
  /** A known name in other letter case; `suggestion` is the name to use. */
  | { kind: 'case-mismatch'; name: string; suggestion: string; resembles: string }
  /** A name nothing reads, listed with the one that is read. */
  | { kind: 'alias'; name: string; suggestion: string; why: string }
  /**
   * A misspelling. `resembles` is the name it is close to; `suggestion` differs from it when that name is
   * deprecated or an alias. `by` says which test matched: edit distance, or the filler-token rule.
   */
  | {
      kind: 'typo';
      name: string;
      suggestion: string;
      resembles: string;
      by: 'edits' | 'tokens';
      distance?: number;
    }
  /**
   * The start of a known name, cut at a word or by more than one letter (`S3_SECRET` of
   * `S3_SECRET_ACCESS_KEY`): an app may well read the short name on purpose, so it is only a hint.
   */
  | { kind: 'truncated'; name: string; suggestion: string; resembles: string }
  /** Several names are equally close: no single one may be suggested. */
  | { kind: 'ambiguous'; name: string; candidates: string[] }
  /** A known name that still works but has a replacement. */
  | { kind: 'deprecated'; name: string; suggestion: string; entry: EnvNameEntry };

/**
 * Judges one written name: exact → known or deprecated; other letter case → case-mismatch; curated alias
 * → alias; else the single best candidate by edit distance or the token rule → typo (truncated when
 * the name is that candidate cut short), several equally good → ambiguous, none → unknown.
 */
export function suggestEnvName(name: string, known: KnownNames): EnvNameVerdict {
  const entry = known.exact.get(name);
  if (entry) {
    return entry.deprecatedBy
      ? { kind: 'deprecated', name, suggestion: entry.deprecatedBy, entry }
      : { kind: 'known', name, entry };
  }
  const folded = name.toUpperCase();
  const sameLetters = known.folded.get(folded);
  if (sameLetters) {
    const spelling = preferredSpelling(sameLetters.spellings);
    return {
      kind: 'case-mismatch',
      name,
      suggestion: spelling.deprecatedBy ?? spelling.name,
      resembles: spelling.name,
    };
  }
  const alias = aliasFor(name);
  if (alias) return { kind: 'alias', name, suggestion: alias.use, why: alias.why };
  return closestName(name, folded, known);
}

interface Match {
  candidate: NameCandidate;
  /** OSA distance, when within the bound. */
  edits?: number;
  /** Differing filler tokens, when the token rule holds. */
  tokens?: number;
}

function closestName(name: string, folded: string, known: KnownNames): EnvNameVerdict {
  const bound = typoBound(folded);
  const tokens = envNameTokens(folded);
  const matches: Match[] = [];
  for (const candidate of known.candidates) {
    const edits = editsWithin(folded, candidate.folded, bound);
    const tokenDifference = fillerTokenDifference(tokens, candidate.tokens);
    if (edits === undefined && tokenDifference === undefined) continue;
    if (
      tokenDifference === undefined &&
      isDeliberateVariant(folded, candidate.folded, tokens, candidate.tokens)
    ) {
      continue;
    }
    matches.push({ candidate, edits, tokens: tokenDifference });
  }
  if (matches.length === 0) return { kind: 'unknown', name };

  const best = bestMatches(matches);
  const suggestions = [...new Set(best.map((match) => suggestionFor(match.candidate, name)))];
  if (suggestions.length > 1) return { kind: 'ambiguous', name, candidates: suggestions.sort() };
  const [match] = best;
  const resembles = resembledName(match!.candidate, name);
  if (isTruncation(folded, match!.candidate.folded)) {
    return { kind: 'truncated', name, suggestion: suggestions[0]!, resembles };
  }
  return {
    kind: 'typo',
    name,
    suggestion: suggestions[0]!,
    resembles,
    by: match!.edits === 1 || match!.tokens === undefined ? 'edits' : 'tokens',
    ...(match!.edits === undefined ? {} : { distance: match!.edits }),
  };
}

/**
 * `written` is `known` cut short: at a word boundary (`S3_SECRET` of `S3_SECRET_ACCESS_KEY`,
 * `OPENAI_BASE` of `OPENAI_BASE_URL`) or by more than one letter. A single dropped last letter
 * (`CUDA_VISIBLE_DEVICE`, `OMP_NUM_THREAD`) is the classic slip, and stays a typo. Both upper-cased.
 */
function isTruncation(written: string, known: string): boolean {
  if (written.length >= known.length || !known.startsWith(written)) return false;
  return known[written.length] === '_' || known.length - written.length > 1;
}

/**
 * OSA distance when it is within `bound`, else undefined. Levenshtein (fast, bit-parallel) filters first
 * without losing a true candidate: a swap of neighbours is one OSA edit but two Levenshtein edits, so
 * Levenshtein ≤ 2 × OSA, and Levenshtein > 2 × bound proves OSA > bound. The length gap is a lower
 * bound of both.
 */
function editsWithin(a: string, b: string, bound: number): number | undefined {
  if (Math.abs(a.length - b.length) > bound) return undefined;
  if (levenshtein(a, b) > 2 * bound) return undefined;
  const edits = osaDistance(a, b, bound);
  return edits <= bound ? edits : undefined;
}

/**
 * Strongest evidence first: a single edit; then the token rule, fewer differing tokens first; then
 * more edits alone, fewer first. Whatever ties at the top is returned whole, and the caller reports
 * several names as ambiguous. Token matches are not ranked by edit distance: `MLFLOW_EXPERIMENT` is
 * fewer edits from `MLFLOW_EXPERIMENT_ID` than from `MLFLOW_EXPERIMENT_NAME` only because ID is shorter.
 */
function bestMatches(matches: readonly Match[]): Match[] {
  const rank = (match: Match): [number, number] => {
    if (match.edits === 1) return [0, 0];
    if (match.tokens !== undefined) return [1, match.tokens];
    return [2, match.edits!];
  };
  let best: Match[] = [];
  let bestRank: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (const match of matches) {
    const [tier, score] = rank(match);
    if (tier < bestRank[0] || (tier === bestRank[0] && score < bestRank[1])) {
      best = [match];
      bestRank = [tier, score];
    } else if (tier === bestRank[0] && score === bestRank[1]) {
      best.push(match);
    }
  }
  return best;
}

/** The name to use for a candidate: an alias's target, a deprecated name's replacement, else itself. */
function suggestionFor(candidate: NameCandidate, written: string): string {
  if (candidate.alias) return candidate.alias.use;
  const spelling = preferredSpelling(candidate.spellings, written);
  return spelling.deprecatedBy ?? spelling.name;
}

function resembledName(candidate: NameCandidate, written: string): string {
  return candidate.alias ? candidate.alias.name : preferredSpelling(candidate.spellings, written).name;
}

/**
 * Among spellings of one name (`HTTP_PROXY`, `http_proxy`), the one matching the written name's case:
 * lower-case for a lower-case name, else upper-case, else the first.
 */
function preferredSpelling(spellings: readonly EnvNameEntry[], written = ''): EnvNameEntry {
  const lower = written.length > 0 && written === written.toLowerCase();
  const wanted = spellings.find((entry) =>
    lower ? entry.name === entry.name.toLowerCase() : entry.name === entry.name.toUpperCase(),
  );
  return wanted ?? spellings[0]!;
}
