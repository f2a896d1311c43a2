import { InputError } from '../errors';
import { parseImageRef } from '../images/image-ref';
import { type Fact, LazilyLocatedFact } from '../model/facts';
import { derivedFromSecret } from '../model/secret-value';
import { type Container, imagePath, locateIn, type Workload } from '../model/workload';
import {
  ARG_FACTS,
  ENGINE_CONVENTIONS,
  type EngineConvention,
  isSwitch,
  takesSeveralValues,
} from './engine-conventions';
import { type ContainerVariable, containerVariables, expandReferences } from './kubelet-expansion';

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

/** CloudFormation: a `${...}` substitution or a dynamic reference is decided at deploy time. */
const DECIDED_LATER = /\$\{|\{\{resolve:/;

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

/**
 * The model a container serves, as its engine arguments (first) and env say (not its image): a
 * `model.id` fact, which may be `unknown` (set at run time, or an argument list that cannot be placed).
 * Undefined when nothing in the container names a model.
 */
export function servedModelFact(workload: Workload, container: Container): Fact | undefined {
  const facts: Fact[] = [];
  envFacts(workload, container, facts);
  argFacts(workload, container, facts);
  // The engine's own arguments win over the env (TGI's `--model-id` over `MODEL_ID`).
  const models = facts.filter((fact) => fact.key === 'model.id' && !fact.implied);
  return models.find((fact) => fact.origin === 'args') ?? models[0];
}

/**
 * The model a container serves, when its own definition states it: what binding by model compares.
 * Undefined when nothing states it or it is known only at run time.
 */
export function servedModel(workload: Workload, container: Container): string | undefined {
  const fact = servedModelFact(workload, container);
  return fact && !fact.unknown ? fact.value : undefined;
}

/** The kubelet expands `$(NAME)` in Kubernetes containers; ECS and CloudFormation have no such syntax. */
function variablesOf(workload: Workload, container: Container): Map<string, ContainerVariable> | undefined {
  const kubernetes =
    workload.origin.format === 'kubernetes' ||
    (workload.origin.format === 'pulumi' && !workload.kind.startsWith('AWS::'));
  return kubernetes ? containerVariables(container) : undefined;
}

/** Appends to `facts` (loops over arrays passed along: a cold, per-container path at synth). */
function envFacts(workload: Workload, container: Container, facts: Fact[]): void {
  const variables = variablesOf(workload, container);
  for (const env of container.env) {
    const locate = () => locateIn(workload, env.path);
    const key = ENV_FACTS.get(env.name);
    const variable = variables?.get(env.name);
    if (variable && 'runtime' in variable) {
      // A model or tokenizer named at run time is said so; a version is left to the image's facts.
      if (!key || key.startsWith('runtime.')) continue;
      const unknown = setAtRunTime(variable.runtime, env.name);
      const fact = {
        key,
        value: env.value ?? 'valueFrom',
        origin: 'env' as const,
        detail: `env ${env.name}`,
        unknown,
      };
      facts.push(new LazilyLocatedFact(fact, locate));
      continue;
    }
    if (env.value === undefined || env.fromSecret) continue;
    const value = (variable && 'value' in variable ? variable.value : env.value).trim();
    if (!value) continue;
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
    if (!key || (key.endsWith('.id') && isLocalPath(value))) continue;
    facts.push(new LazilyLocatedFact({ key, value, origin: 'env', detail: `env ${env.name}` }, locate));
  }
}

function setAtRunTime(variable: string, name: string): string {
  return variable === name
    ? `env ${name} is set at run time (valueFrom or envFrom)`
    : `it refers to env ${variable}, which is set at run time (valueFrom or envFrom)`;
}

function argFacts(workload: Workload, container: Container, facts: Fact[]): void {
  const variables = variablesOf(workload, container);
  const tokens = commandTokens(
    container.command,
    'command',
    commandTokens(container.args, 'args', [], variables, container),
    variables,
    container,
  );
  const first = facts.length;
  // A model given as a local path is named, though not as a hub id to compare.
  let named = container.env.some((env) => ENV_FACTS.get(env.name) === 'model.id');
  const fact = (token: Token, key: string, text: string, detail: string) => {
    const value = text.replace(/^["']|["']$/g, '');
    if (key === 'model.id') named = true;
    if (key.endsWith('.id') && isLocalPath(value)) return;
    // What a CloudFormation substitution or dynamic reference stands for is not known here: it states
    // nothing (the field's line says "cannot verify"), never a mismatch. The kubelet leaves `${X}` as written.
    if (!variables && DECIDED_LATER.test(value)) return;
    const path = container.path && [...container.path, token.field, token.index];
    const read = {
      key,
      value,
      origin: 'args' as const,
      detail,
      ...(token.unknown ? { unknown: token.unknown } : {}),
    };
    facts.push(new LazilyLocatedFact(read, () => locateIn(workload, path)));
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const eq = token.text.startsWith('--') ? token.text.indexOf('=') : -1;
    const flag = eq === -1 ? token.text : token.text.slice(0, eq);
    const key = ARG_FACTS.get(flag);
    if (!key) continue;
    const next = tokens[i + 1];
    if (eq !== -1) fact(token, key, token.text.slice(eq + 1), `args ${flag}`);
    else if (next && !next.text.startsWith('-')) fact(next, key, next.text, `args ${flag}`);
  }
  const engine = engineLaunch(tokens, container, workload);
  if (engine?.convention.positionalModel) {
    const positional = positionalModel(tokens, engine.after);
    if (positional) fact(positional, 'model.id', positional.text, `args ${engine.launcher}`);
  }
  if (facts.length > first) addEngineDefaults(facts, first);
  if (engine && !named) unplacedModel(workload, container, engine, facts);
}

/** Which engine the command line starts, and where its own arguments begin. */
interface EngineLaunch {
  convention: EngineConvention;
  /** `vllm serve`, `python -m sglang.launch_server`, or `vllm serve (the image's entrypoint)`. */
  launcher: string;
  /** Index of the first token after the launcher. */
  after: number;
  token?: Token;
}

function engineLaunch(
  tokens: readonly Token[],
  container: Container,
  workload: Workload,
): EngineLaunch | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const text = tokens[i]!.text;
    const program = text.slice(text.lastIndexOf('/') + 1);
    for (const convention of ENGINE_CONVENTIONS) {
      const { subcommand } = convention;
      if (convention.programs.includes(program)) {
        if (!subcommand) return { convention, launcher: program, after: i + 1, token: tokens[i] };
        if (tokens[i + 1]?.text === subcommand) {
          return { convention, launcher: `${program} ${subcommand}`, after: i + 2, token: tokens[i] };
        }
      }
      if (text === '-m' && convention.modules.includes(tokens[i + 1]?.text ?? '')) {
        const launcher = `python -m ${tokens[i + 1]!.text}`;
        return { convention, launcher, after: i + 2, token: tokens[i + 1] };
      }
    }
  }
  // No command of its own: the image's ENTRYPOINT runs, with `args` after it.
  if (container.command.length > 0 || !container.image || workload.commandByOperator) return undefined;
  let repository: string;
  try {
    const ref = parseImageRef(container.image);
    repository = `${ref.registry}/${ref.repository}`;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
  const convention = ENGINE_CONVENTIONS.find((known) => known.images.includes(repository));
  if (!convention) return undefined;
  const launcher = [...convention.programs.slice(0, 1), convention.subcommand].filter(Boolean).join(' ');
  return { convention, launcher: `${launcher} (the image's entrypoint)`, after: 0 };
}

const SHELL_SEPARATORS = new Set(['&&', '||', ';', '|', '&']);

/**
 * The first positional argument after the launcher, read as argparse reads it: `--flag=value` and
 * switches stand alone, any other flag takes the next word. Undefined when a flag takes several
 * values (what follows cannot be placed) or there is none.
 */
function positionalModel(tokens: readonly Token[], from: number): Token | undefined {
  for (let i = from; i < tokens.length; i++) {
    const text = tokens[i]!.text;
    if (SHELL_SEPARATORS.has(text)) return undefined;
    if (!text.startsWith('-')) return tokens[i];
    if (text.includes('=') || isSwitch(text)) continue;
    if (takesSeveralValues(text)) return undefined;
    if (tokens[i + 1] && !tokens[i + 1]!.text.startsWith('-')) i++;
  }
  return undefined;
}

/** An engine whose arguments name no model where it reads one: said, never passed over in silence. */
function unplacedModel(workload: Workload, container: Container, engine: EngineLaunch, facts: Fact[]): void {
  if (engine.convention.modelEnv.some((name) => container.env.some((env) => env.name === name))) return;
  const token = engine.token;
  const path = token && container.path && [...container.path, token.field, token.index];
  const { engine: name, positionalModel: positional, modelFlags, modelEnv } = engine.convention;
  const places = [
    ...(positional ? ['its first positional argument'] : []),
    ...modelFlags,
    ...modelEnv.map((env) => `env ${env}`),
  ];
  const unknown = `the ${name} arguments do not name the model where ${name} reads it (${places.join(', ')})`;
  const read = {
    key: 'model.id',
    value: engine.launcher,
    origin: 'args' as const,
    detail: `args ${engine.launcher}`,
    unknown,
  };
  facts.push(new LazilyLocatedFact(read, () => locateIn(workload, path ?? container.path)));
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
    const fact = {
      key: to,
      value: source.value,
      origin: source.origin,
      detail,
      implied: true,
      ...(source.unknown ? { unknown: source.unknown } : {}),
    };
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
  /** Why the word's value is not known before the container runs; absent when it is. */
  unknown?: string;
}

/**
 * Each item expanded as the kubelet does (`$(NAME)`, when `variables` is given), then split:
 * `sh -c "vllm serve x --revision y"` hides flags in one string, so such strings are split on white
 * space. Tokens of `parts` go before those already in `after` (args follow the command).
 */
function commandTokens(
  parts: readonly string[],
  field: Token['field'],
  after: Token[],
  variables: ReadonlyMap<string, ContainerVariable> | undefined,
  container: Container,
): Token[] {
  if (parts.length === 0) return after;
  const tokens: Token[] = [];
  let shellVariables = variables;
  for (let index = 0; index < parts.length; index++) {
    let part = parts[index]!;
    let unknown: string | undefined;
    if (variables) {
      const expanded = expandReferences(part, variables, container.envFromSources > 0);
      part = expanded.text;
      const runtime = expanded.runtime[0];
      if (runtime) unknown = setAtRunTime(runtime, runtime);
    }
    const script = /\s/.test(part);
    for (const text of script ? part.split(/\s+/) : [part]) {
      if (!text) continue;
      // In a script, only the words that still refer to a variable are unknown.
      if (script) shellVariables ??= literalEnv(container);
      const word = script && shellVariables ? shellWord(text, shellVariables) : { text };
      const why = word.unknown ?? (unknown && (!script || text.includes('$(')) ? unknown : undefined);
      tokens.push({ text: word.text, field, index, ...(why ? { unknown: why } : {}) });
    }
  }
  for (const token of after) tokens.push(token);
  return tokens;
}

/**
 * A word of a shell script (`sh -c "…"`): the shell expands `$NAME` and `${NAME}` from the container's
 * env when it runs, which is read here when the variable has a literal value; any other expansion
 * (command substitution, defaults, a variable set at run time) leaves the word unknown.
 */
function shellWord(
  text: string,
  variables: ReadonlyMap<string, ContainerVariable>,
): { text: string; unknown?: string } {
  if (!/[$`]/.test(text)) return { text };
  const name = /^(["']?)\$(?:([A-Za-z_]\w*)|\{([A-Za-z_]\w*)\})\1$/.exec(text);
  const variable = name ? variables.get(name[2] ?? name[3]!) : undefined;
  if (variable && 'value' in variable && name?.[1] !== "'") return { text: variable.value };
  return { text, unknown: 'the shell expands it when the container runs' };
}

/** Env entries with literal values (ECS and CloudFormation have no `$(NAME)` expansion of their own). */
function literalEnv(container: Container): Map<string, ContainerVariable> {
  const env = new Map<string, ContainerVariable>();
  for (const entry of container.env) {
    env.set(entry.name, entry.value === undefined ? { runtime: entry.name } : { value: entry.value });
  }
  return env;
}

function isLocalPath(value: string): boolean {
  return value.startsWith('/') || value.startsWith('./') || value.startsWith('../') || value.startsWith('~');
}
