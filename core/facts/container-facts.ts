import { factsFromImage, type ImageRef } from '../images';
import type { ImageConvention } from '../model/config';
import type { Fact } from '../model/facts';
import { locateLazily } from '../model/location';
import { type Container, imagePath, locateIn, type Workload } from '../model/workload';

/** Env vars whose values state a declared field (serving engines and our own convention read these). */
export const ENV_FACTS: Record<string, string> = {
  TOKENIZER_SHA: 'tokenizer_sha',
  MODEL_ID: 'model.id',
  HF_MODEL_ID: 'model.id',
  MODEL_REVISION: 'model.revision',
  REVISION: 'model.revision',
  TOKENIZER_ID: 'tokenizer.id',
  TOKENIZER_NAME: 'tokenizer.id',
  TOKENIZER_REVISION: 'tokenizer.revision',
  CUDA_VERSION: 'runtime.cuda',
  PYTORCH_VERSION: 'runtime.pytorch',
  TORCH_VERSION: 'runtime.pytorch',
  TRANSFORMERS_VERSION: 'runtime.transformers',
  VLLM_VERSION: 'runtime.vllm',
};

/** Engine flags (vLLM, TGI, SGLang) whose values state a declared field. */
const ARG_FACTS: Record<string, string> = {
  '--model': 'model.id',
  '--model-id': 'model.id',
  '--model-path': 'model.id',
  '--revision': 'model.revision',
  '--tokenizer': 'tokenizer.id',
  '--tokenizer-path': 'tokenizer.id',
  '--tokenizer-revision': 'tokenizer.revision',
};

/** Everything one container's own definition and image reference say about its runtime. */
export function containerFacts(
  workload: Workload,
  container: Container,
  image: ImageRef | undefined,
  conventions: readonly ImageConvention[],
): Fact[] {
  const facts: Fact[] = image ? factsFromImage(image, conventions) : [];
  for (const fact of facts) {
    if (!fact.location) locateLazily<Fact>(fact, () => locateIn(workload, imagePath(workload, container)));
  }
  facts.push(...envFacts(workload, container), ...argFacts(workload, container));
  return facts;
}

function envFacts(workload: Workload, container: Container): Fact[] {
  const facts: Fact[] = [];
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
          locateLazily<Fact>(
            { key: 'runtime.cuda', value: cuda, origin: 'env', detail: `env ${env.name}` },
            locate,
          ),
        );
      }
      continue;
    }
    const key = ENV_FACTS[env.name];
    if (!key || (key.endsWith('.id') && isLocalPath(value))) continue;
    facts.push(locateLazily<Fact>({ key, value, origin: 'env', detail: `env ${env.name}` }, locate));
  }
  return facts;
}

function argFacts(workload: Workload, container: Container): Fact[] {
  const tokens = [...commandTokens(container.command, 'command'), ...commandTokens(container.args, 'args')];
  const facts: Fact[] = [];
  tokens.forEach((token, i) => {
    const [flag, inline] = token.text.startsWith('--') ? splitFlag(token.text) : [token.text, undefined];
    const next = tokens[i + 1];
    let key = ARG_FACTS[flag];
    let value = inline ?? (next && !next.text.startsWith('-') ? next.text : undefined);
    let detail = `args ${flag}`;
    // `vllm serve <model>`: the model is positional.
    if (!key && flag === 'serve' && value && i > 0 && /(^|\/)vllm$/.test(tokens[i - 1]!.text)) {
      key = 'model.id';
      detail = 'args vllm serve';
    }
    if (!key || value === undefined) return;
    value = value.replace(/^["']|["']$/g, '');
    if (key.endsWith('.id') && isLocalPath(value)) return;
    const path = container.path && [...container.path, token.field, token.index];
    facts.push(locateLazily<Fact>({ key, value, origin: 'args', detail }, () => locateIn(workload, path)));
  });
  return withEngineDefaults(facts);
}

/**
 * vLLM and TGI load the tokenizer from the model (and its revision) unless told otherwise, so an
 * engine given only `--model` still has an effective tokenizer.
 */
function withEngineDefaults(facts: Fact[]): Fact[] {
  const pairs: [string, string][] = [
    ['model.id', 'tokenizer.id'],
    ['model.revision', 'tokenizer.revision'],
  ];
  const implied: Fact[] = [];
  for (const [from, to] of pairs) {
    const source = facts.find((fact) => fact.key === from);
    if (!source || facts.some((fact) => fact.key === to)) continue;
    const detail = `${source.detail}, the engine's default for ${to}`;
    const fact: Fact = { key: to, value: source.value, origin: source.origin, detail, implied: true };
    implied.push(locateLazily<Fact>(fact, () => source.location));
  }
  return [...facts, ...implied];
}

interface Token {
  text: string;
  field: 'command' | 'args';
  index: number;
}

/** `sh -c "vllm serve x --revision y"` hides flags in one string: split such strings on white space. */
function commandTokens(parts: readonly string[], field: Token['field']): Token[] {
  return parts.flatMap((part, index) =>
    part
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((text) => ({ text, field, index })),
  );
}

function splitFlag(token: string): [string, string | undefined] {
  const eq = token.indexOf('=');
  return eq === -1 ? [token, undefined] : [token.slice(0, eq), token.slice(eq + 1)];
}

function isLocalPath(value: string): boolean {
  return value.startsWith('/') || value.startsWith('./') || value.startsWith('../') || value.startsWith('~');
}
