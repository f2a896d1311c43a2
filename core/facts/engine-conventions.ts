/**
 * How serving engines are started and where their command lines say the model. Data, with sources:
 * - vLLM: `vllm serve [model_tag] [options]` (docs.vllm.ai CLI reference, "vllm serve": model_tag is
 *   the positional argument; `--model`, `--revision`, `--tokenizer`, `--tokenizer-revision` are engine
 *   arguments, docs.vllm.ai "Engine Arguments"); `python -m vllm.entrypoints.openai.api_server --model …`
 *   (the older entrypoint, flags only). Switches print as `[--trust-remote-code | --no-trust-remote-code]`
 *   in the usage: they take no value. The `vllm/vllm-openai` image's ENTRYPOINT is `["vllm", "serve"]`.
 * - SGLang: `python -m sglang.launch_server --model-path … [--tokenizer-path …] [--revision …]`
 *   (docs.sglang.io "Server Arguments"; `--model` is accepted as an alias of `--model-path`).
 * - TGI: `text-generation-launcher --model-id … [--revision …]`, each flag also read from the env
 *   (`[env: MODEL_ID=]`, `[env: REVISION=]`; huggingface.co/docs/text-generation-inference "Text-generation-
 *   launcher arguments"). The TGI image's ENTRYPOINT is `text-generation-launcher`.
 */
export interface EngineConvention {
  engine: string;
  /** Program basenames (`vllm` with `subcommand` `serve`) or `python -m` modules that start it. */
  programs: readonly string[];
  subcommand?: string;
  modules: readonly string[];
  /** The model may be given as the first positional argument after the launcher. */
  positionalModel: boolean;
  /** Image repositories whose ENTRYPOINT is this launcher, so a container with only `args` runs it. */
  images: readonly string[];
  /** Flags that give the model. */
  modelFlags: readonly string[];
  /** Env vars the engine reads the model from (besides the flags). */
  modelEnv: readonly string[];
}

export const ENGINE_CONVENTIONS: readonly EngineConvention[] = [
  {
    engine: 'vLLM',
    programs: ['vllm'],
    subcommand: 'serve',
    modules: [],
    positionalModel: true,
    images: ['docker.io/vllm/vllm-openai'],
    modelFlags: ['--model'],
    modelEnv: [],
  },
  {
    engine: 'vLLM',
    programs: [],
    modules: ['vllm.entrypoints.openai.api_server', 'vllm.entrypoints.api_server'],
    positionalModel: false,
    images: [],
    modelFlags: ['--model'],
    modelEnv: [],
  },
  {
    engine: 'SGLang',
    programs: [],
    modules: ['sglang.launch_server'],
    positionalModel: false,
    images: [],
    modelFlags: ['--model-path', '--model'],
    modelEnv: [],
  },
  {
    engine: 'TGI',
    programs: ['text-generation-launcher'],
    modules: [],
    positionalModel: false,
    images: ['ghcr.io/huggingface/text-generation-inference'],
    modelFlags: ['--model-id'],
    modelEnv: ['MODEL_ID'],
  },
];

/** Engine flags (vLLM, TGI, SGLang) whose values state a declared field; read wherever they stand. */
export const ARG_FACTS: ReadonlyMap<string, string> = new Map([
  ['--model', 'model.id'],
  ['--model-id', 'model.id'],
  ['--model-path', 'model.id'],
  ['--revision', 'model.revision'],
  ['--tokenizer', 'tokenizer.id'],
  ['--tokenizer-path', 'tokenizer.id'],
  ['--tokenizer-revision', 'tokenizer.revision'],
]);

/**
 * vLLM switches seen in manifests (they take no value, so a word after one is positional). Boolean
 * options print as `--x | --no-x`; `--enable-…`, `--disable-…` and `--no-…` are switches by that naming.
 */
const VLLM_SWITCHES = new Set([
  '--trust-remote-code',
  '--enforce-eager',
  '--headless',
  '--skip-tokenizer-init',
  '--allow-credentials',
  '--return-tokens-as-token-ids',
  '--async-scheduling',
  '--use-tqdm-on-load',
]);

/** Options taking several values (`nargs='+'`): what follows them cannot be placed without the parser. */
const VLLM_LISTS = new Set(['--lora-modules', '--prompt-adapters', '--middleware', '--served-model-name']);

export function isSwitch(flag: string): boolean {
  return VLLM_SWITCHES.has(flag) || /^--(enable|disable|no)-/.test(flag);
}

export function takesSeveralValues(flag: string): boolean {
  return VLLM_LISTS.has(flag);
}
