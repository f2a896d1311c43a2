import { type Fact, LazilyLocatedFact } from '../model/facts';
import { derivedFromSecret } from '../model/secret-value';
import { type Container, imagePath, locateIn, type Workload } from '../model/workload';

/**
 * Env vars whose values state a declared field (serving engines and our own convention read these).
 * Maps, not object literals: an env var named `toString` must not find Object.prototype's.
 */
export const ENV_FACTS: ReadonlyMap<string, string> = new Map([
  ['TOKENIZER_SHA', 'tokenizer_sha'],
  ['MODEL_ID', 'model.id'],
  ['HF_MODEL_ID', 'model.id'],
  ['MODEL_REVISION', 'model.revision'],
  ['REVISION', 'model.revision'],
  ['TOKENIZER_ID', 'tokenizer.id'],
  ['TOKENIZER_NAME', 'tokenizer.id'],
  ['TOKENIZER_REVISION', 'tokenizer.revision'],
  ['CUDA_VERSION', 'runtime.cuda'],
  ['PYTORCH_VERSION', 'runtime.pytorch'],
  ['TORCH_VERSION', 'runtime.pytorch'],
  ['TRANSFORMERS_VERSION', 'runtime.transformers'],
  ['VLLM_VERSION', 'runtime.vllm'],
]);

/** Engine flags (vLLM, TGI, SGLang) whose values state a declared field. */
const ARG_FACTS: ReadonlyMap<string, string> = new Map([
  ['--model', 'model.id'],
  ['--model-id', 'model.id'],
  ['--model-path', 'model.id'],
  ['--revision', 'model.revision'],
  ['--tokenizer', 'tokenizer.id'],
  ['--tokenizer-path', 'tokenizer.id'],
  ['--tokenizer-revision', 'tokenizer.revision'],
]);

/**
 * Everything one container's own definition and image reference say about its runtime.
 * `imageFacts` are what its image reference says (factsFromImage), shared by every container of that
 * image: each container gets its own copies, placed at its own image field.
 */
export function containerFacts(
  workload: Workload,
  container: Container,
  imageFacts: readonly Fact[],
): Fact[] {
  const facts: Fact[] = [];
  for (const shared of imageFacts) {
    facts.push(
      shared.location
        ? { ...shared }
        : new LazilyLocatedFact(shared, () => locateIn(workload, imagePath(workload, container))),
    );
  }
  envFacts(workload, container, facts);
  argFacts(workload, container, facts);
  if (workload.secretValues) {
    for (const fact of facts) if (derivedFromSecret(fact.value, workload.secretValues)) fact.secret = true;
  }
  return facts;
}

/** Appends to `facts` (loops over arrays passed along: a cold, per-container path at synth). */
function envFacts(workload: Workload, container: Container, facts: Fact[]): void {
  for (const env of container.env) {
    if (env.value === undefined || env.fromSecret) continue;
    const value = env.value.trim();
    if (!value) continue;
    const locate = () => locateIn(workload, env.path);
    if (env.name === 'NVIDIA_REQUIRE_CUDA') {
      // Space-separated clauses are ORed; the first `cuda>=` is the image's own CUDA (cuda-runtime.md §9).
      const cuda = /(?:^|[\s,])cuda>=(\d+\.\d+)/.exec(value)?.[1];
      if (cuda) {
        facts.push(
          new LazilyLocatedFact(
            { key: 'runtime.cuda', value: cuda, origin: 'env', detail: `env ${env.name}` },
            locate,
          ),
        );
      }
      continue;
    }
    const key = ENV_FACTS.get(env.name);
    if (!key || (key.endsWith('.id') && isLocalPath(value))) continue;
    facts.push(new LazilyLocatedFact({ key, value, origin: 'env', detail: `env ${env.name}` }, locate));
  }
}

function argFacts(workload: Workload, container: Container, facts: Fact[]): void {
  const tokens = commandTokens(container.command, 'command', commandTokens(container.args, 'args', []));
  const first = facts.length;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const eq = token.text.startsWith('--') ? token.text.indexOf('=') : -1;
    const flag = eq === -1 ? token.text : token.text.slice(0, eq);
    const next = tokens[i + 1];
    let key = ARG_FACTS.get(flag);
    let value =
      eq !== -1 ? token.text.slice(eq + 1) : next && !next.text.startsWith('-') ? next.text : undefined;
    let detail = `args ${flag}`;
    // `vllm serve <model>`: the model is positional.
    if (!key && flag === 'serve' && value && i > 0 && /(^|\/)vllm$/.test(tokens[i - 1]!.text)) {
      key = 'model.id';
      detail = 'args vllm serve';
    }
    if (!key || value === undefined) continue;
    value = value.replace(/^["']|["']$/g, '');
    if (key.endsWith('.id') && isLocalPath(value)) continue;
    const path = container.path && [...container.path, token.field, token.index];
    facts.push(new LazilyLocatedFact({ key, value, origin: 'args', detail }, () => locateIn(workload, path)));
  }
  if (facts.length > first) addEngineDefaults(facts, first);
}

/**
 * vLLM and TGI load the tokenizer from the model (and its revision) unless told otherwise, so an
 * engine given only `--model` still has an effective tokenizer. Reads the arg facts from `first` on.
 */
function addEngineDefaults(facts: Fact[], first: number): void {
  const end = facts.length;
  for (const [from, to] of ENGINE_DEFAULTS) {
    let source: Fact | undefined;
    let stated = false;
    for (let i = first; i < end; i++) {
      const key = facts[i]!.key;
      if (key === from) source ??= facts[i];
      else if (key === to) stated = true;
    }
    if (!source || stated) continue;
    const detail = `${source.detail}, the engine's default for ${to}`;
    const fact = { key: to, value: source.value, origin: source.origin, detail, implied: true };
    const stating = source;
    facts.push(new LazilyLocatedFact(fact, () => stating.location));
  }
}

const ENGINE_DEFAULTS: readonly (readonly [from: string, to: string])[] = [
  ['model.id', 'tokenizer.id'],
  ['model.revision', 'tokenizer.revision'],
];

interface Token {
  text: string;
  field: 'command' | 'args';
  index: number;
}

/**
 * `sh -c "vllm serve x --revision y"` hides flags in one string: split such strings on white space.
 * Tokens of `parts` go before those already in `after` (args follow the command).
 */
function commandTokens(parts: readonly string[], field: Token['field'], after: Token[]): Token[] {
  if (parts.length === 0) return after;
  const tokens: Token[] = [];
  for (let index = 0; index < parts.length; index++) {
    const part = parts[index]!;
    if (!/\s/.test(part)) {
      if (part) tokens.push({ text: part, field, index });
      continue;
    }
    for (const text of part.split(/\s+/)) if (text) tokens.push({ text, field, index });
  }
  for (const token of after) tokens.push(token);
  return tokens;
}

function isLocalPath(value: string): boolean {
  return value.startsWith('/') || value.startsWith('./') || value.startsWith('../') || value.startsWith('~');
}
