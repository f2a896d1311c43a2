import { ENV_FACTS } from '../facts/container-facts';
import type { Fact } from '../model/facts';
import type { ImageConfig } from './image-lookup';

/**
 * Labels this tool reads off an image, for what no standard label says. Set them at build time:
 * `LABEL dev.preflight-guard.tokenizer-sha=<sha256 of tokenizer.json>`.
 */
export const PREFLIGHT_LABELS: Record<string, string> = {
  'dev.preflight-guard.tokenizer-sha': 'tokenizer_sha',
  'dev.preflight-guard.model-id': 'model.id',
  'dev.preflight-guard.model-revision': 'model.revision',
  'dev.preflight-guard.tokenizer-id': 'tokenizer.id',
  'dev.preflight-guard.tokenizer-revision': 'tokenizer.revision',
};

/** OCI annotations, kept as facts so reports can say which build an image came from. */
const OCI_LABELS: Record<string, string> = {
  'org.opencontainers.image.revision': 'image.revision',
  'org.opencontainers.image.version': 'image.version',
  'org.opencontainers.image.source': 'image.source',
  'org.opencontainers.image.created': 'image.created',
};

/**
 * What an image's config says, as facts with origin `image-config`. Only known env names are read:
 * images bake secrets into ENV often enough that other values are never lifted into facts.
 */
export function imageConfigFacts(config: ImageConfig): Fact[] {
  const facts: Fact[] = [];
  for (const [name, raw] of Object.entries(config.env)) {
    const value = raw.trim();
    const key = ENV_FACTS.get(name);
    if (key && value) facts.push({ key, value, origin: 'image-config', detail: `image config env ${name}` });
  }
  // NVIDIA's images set both; CUDA_VERSION is the more precise, so NVIDIA_REQUIRE_CUDA only stands in.
  const require = config.env.NVIDIA_REQUIRE_CUDA;
  const cuda = require && /(?:^|[\s,])cuda>=(\d+\.\d+)/.exec(require)?.[1];
  if (cuda && !facts.some((fact) => fact.key === 'runtime.cuda'))
    facts.push({
      key: 'runtime.cuda',
      value: cuda,
      origin: 'image-config',
      detail: 'image config env NVIDIA_REQUIRE_CUDA',
    });
  for (const [label, value] of Object.entries(config.labels)) {
    // Own keys only: a label named `constructor` must not find Object.prototype's.
    const key = ownValue(PREFLIGHT_LABELS, label) ?? ownValue(OCI_LABELS, label);
    if (key && value.trim())
      facts.push({ key, value: value.trim(), origin: 'image-config', detail: `image config label ${label}` });
  }
  return facts;
}

function ownValue(table: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
