import { ENV_NAME_ALIASES, type EnvNameAlias } from './alias-table';
import { type EnvNameEntry, parseEnvNameList } from './env-name-list';
import { envNameTokens } from './token-match';

/** Naming the JSON in a type makes tsc copy it next to the compiled code; `require` then reads it on first use. */
type EnvNamesFile = typeof import('../data/env-names.json');

/** A name a typo may have been aimed at: a known name (all its spellings) or an alias. */
export interface NameCandidate {
  /** Upper-cased, for the case-insensitive compare. */
  folded: string;
  tokens: readonly string[];
  /** Known spellings that fold to `folded` (`HTTP_PROXY` and `http_proxy` are both real); empty for an alias. */
  spellings: readonly EnvNameEntry[];
  alias?: EnvNameAlias;
}

/** The names a container's env is checked against, indexed for the lookups `suggestEnvName` makes. */
export interface KnownNames {
  /** Exact spelling → entry. */
  exact: ReadonlyMap<string, EnvNameEntry>;
  /** Upper-cased spelling → the candidate holding every spelling of it. */
  folded: ReadonlyMap<string, NameCandidate>;
  /** Known names and aliases, each once. */
  candidates: readonly NameCandidate[];
}

/** A name a user declares the app reads (a card's `env.required`, `env.known` in preflight.yaml). */
export interface DeclaredEnvName {
  name: string;
  source: string;
}

let builtInEntries: readonly EnvNameEntry[] | undefined;
let builtInIndex: KnownNames | undefined;

/** The shipped list of names LLM/ML serving stacks read, loaded once on first use. */
export function builtInEnvNames(): readonly EnvNameEntry[] {
  builtInEntries ??= parseEnvNameList(require('../data/env-names.json') as EnvNamesFile);
  return builtInEntries;
}

/**
 * The built-in names plus the ones a user declares. A declared name replaces a built-in entry of the
 * same spelling, deprecation included: declaring it says the app reads it.
 */
export function knownEnvNames(declared: readonly DeclaredEnvName[] = []): KnownNames {
  if (declared.length === 0) {
    builtInIndex ??= indexEnvNames(builtInEnvNames());
    return builtInIndex;
  }
  return indexEnvNames([...builtInEnvNames(), ...declared.map(({ name, source }) => ({ name, source }))]);
}

/** Indexes a list of names (later entries replace earlier ones of the same spelling), with the aliases. */
export function indexEnvNames(entries: readonly EnvNameEntry[]): KnownNames {
  const exact = new Map<string, EnvNameEntry>();
  for (const entry of entries) exact.set(entry.name, entry);

  const spellings = new Map<string, EnvNameEntry[]>();
  for (const entry of exact.values()) {
    const key = entry.name.toUpperCase();
    const group = spellings.get(key);
    if (group) group.push(entry);
    else spellings.set(key, [entry]);
  }

  const folded = new Map<string, NameCandidate>();
  for (const [key, group] of spellings) {
    folded.set(key, { folded: key, tokens: envNameTokens(key), spellings: group });
  }

  const candidates = [...folded.values()];
  for (const alias of ENV_NAME_ALIASES) {
    const key = alias.name.toUpperCase();
    if (!folded.has(key)) candidates.push({ folded: key, tokens: envNameTokens(key), spellings: [], alias });
  }
  return { exact, folded, candidates };
}
