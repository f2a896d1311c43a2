/** A name people reach for that no known program reads, and the name that program does read. */
export interface EnvNameAlias {
  name: string;
  use: string;
  /** Who reads `use`, in words. */
  why: string;
}

const ANTHROPIC = 'the Anthropic SDKs read ANTHROPIC_API_KEY';
const HF = 'huggingface_hub, transformers, vLLM and TGI read HF_TOKEN';

/**
 * Curated by hand. Names that some library still reads (OPENAI_API_BASE, OPENAI_ORGANIZATION,
 * HUGGINGFACEHUB_API_TOKEN, HF_API_TOKEN) are not here: they are deprecated entries of the name list,
 * which report a warning instead of an error.
 */
export const ENV_NAME_ALIASES: readonly EnvNameAlias[] = [
  { name: 'CLAUDE_API_KEY', use: 'ANTHROPIC_API_KEY', why: ANTHROPIC },
  { name: 'CLAUDE_KEY', use: 'ANTHROPIC_API_KEY', why: ANTHROPIC },
  { name: 'HUGGINGFACE_TOKEN', use: 'HF_TOKEN', why: HF },
  { name: 'HUGGINGFACE_API_TOKEN', use: 'HF_TOKEN', why: HF },
  { name: 'HUGGINGFACE_API_KEY', use: 'HF_TOKEN', why: HF },
  { name: 'HF_API_KEY', use: 'HF_TOKEN', why: HF },
  { name: 'OPENAI_ORGANIZATION_ID', use: 'OPENAI_ORG_ID', why: 'openai-python reads OPENAI_ORG_ID' },
  { name: 'OPENAI_API_URL', use: 'OPENAI_BASE_URL', why: 'openai-python reads OPENAI_BASE_URL' },
  { name: 'ANTHROPIC_API_URL', use: 'ANTHROPIC_BASE_URL', why: 'the Anthropic SDKs read ANTHROPIC_BASE_URL' },
  { name: 'GOOGLE_GEMINI_API_KEY', use: 'GEMINI_API_KEY', why: 'the Google Gen AI SDK reads GEMINI_API_KEY' },
  {
    name: 'AZURE_OPENAI_API_BASE',
    use: 'AZURE_OPENAI_ENDPOINT',
    why: 'openai-python reads AZURE_OPENAI_ENDPOINT',
  },
  {
    name: 'NVIDIA_VISIBLE_GPUS',
    use: 'NVIDIA_VISIBLE_DEVICES',
    why: 'the NVIDIA container runtime reads NVIDIA_VISIBLE_DEVICES',
  },
  {
    name: 'CUDA_VISIBLE_GPUS',
    use: 'CUDA_VISIBLE_DEVICES',
    why: 'the CUDA runtime reads CUDA_VISIBLE_DEVICES',
  },
];

const byFoldedName = new Map(ENV_NAME_ALIASES.map((alias) => [alias.name.toUpperCase(), alias]));

/** The alias entry for a name, compared case-insensitively. */
export function aliasFor(name: string): EnvNameAlias | undefined {
  return byFoldedName.get(name.toUpperCase());
}
