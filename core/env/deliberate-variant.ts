import { osaDistance } from './osa-distance';
import { FILLER_TOKENS } from './token-match';

/**
 * True when `written` differs from `known` in a way a keyboard slip does not produce, so the two are
 * different variables on purpose and "did you mean" would be wrong. Both names upper-cased, with their tokens.
 * - a number added or changed at the end: `HF_TOKEN2`, `VLLM_PORT_2`, `VLLM_USE_V2`;
 * - whole words added or removed, one of them not a filler: `HF_HUB_CACHE_DIR`, `MY_HF_TOKEN`,
 *   `LANGCHAIN_TRACING` (vs `LANGCHAIN_TRACING_V2`);
 * - a name without `_` that is another word or a run-together multi-word name: `HOSTS`, `TYPE` (vs
 *   `DTYPE`), `LOGLEVEL`: apps read such names as they are;
 * - a word replaced by a different word: `ANTHROPIC_API_URL` is not `ANTHROPIC_API_KEY`, `OMP_NUM_THREADS`
 *   is not `MKL_NUM_THREADS`, `MAX_TOP_N_TOKENS` is not `MAX_TOTAL_TOKENS`. Long names have a large edit
 *   bound, so without this a whole short word could be swapped within it.
 */
export function isDeliberateVariant(
  written: string,
  known: string,
  writtenTokens: readonly string[],
  knownTokens: readonly string[],
): boolean {
  const numberless = (name: string) => name.replace(/_?\d+$/, '');
  if (written !== known && numberless(written) === numberless(known)) return true;

  if (writtenTokens.length === 1) {
    return knownTokens.length !== 1 || written.includes(known) || known.includes(written);
  }

  if (writtenTokens.length !== knownTokens.length) {
    const [longer, shorter] =
      writtenTokens.length > knownTokens.length ? [writtenTokens, knownTokens] : [knownTokens, writtenTokens];
    const extra = wordsBeyond(longer, shorter);
    if (extra !== undefined) return extra.some((token) => !FILLER_TOKENS.has(token));
  }

  const [writtenMiddle, knownMiddle] = differingMiddles(writtenTokens, knownTokens);
  return isOtherWord(writtenMiddle, knownMiddle);
}

/**
 * A misspelling keeps most of the letters: at most one edit per three letters (`VISABLE`, `REGOIN`,
 * `HFTRANSFER`), or it is a longer or shorter form of the word (`CONF` / `CONFIG`, `DEVICE` / `DEVICES`,
 * `TORCH` / `PYTORCH`). Anything further is another word.
 */
function isOtherWord(a: string, b: string): boolean {
  if (a.includes(b) || b.includes(a)) return false;
  const allowed = Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));
  return osaDistance(a, b, allowed) > allowed;
}

/** Both names with their common leading and trailing tokens removed, rejoined with `_`. */
function differingMiddles(a: readonly string[], b: readonly string[]): [string, string] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return [a.slice(start, endA).join('_'), b.slice(start, endB).join('_')];
}

/** The tokens of `longer` left once `shorter` is matched in order as a subsequence; undefined if it is not one. */
function wordsBeyond(longer: readonly string[], shorter: readonly string[]): string[] | undefined {
  const extra: string[] = [];
  let next = 0;
  for (const token of longer) {
    if (next < shorter.length && token === shorter[next]) next++;
    else extra.push(token);
  }
  return next === shorter.length ? extra : undefined;
}
