import type { Location } from './location';

/** Where an effective value was read. */
export type FactOrigin = 'image-tag' | 'image-config' | 'env' | 'args' | 'host-driver' | 'config';

/**
 * One thing the effective runtime says. `key` uses the model card's own field paths, so a declared field
 * and the facts that speak to it meet by name: `runtime.cuda`, `runtime.pytorch`, `model.id`,
 * `model.revision`, `tokenizer.id`, `tokenizer.revision`, `tokenizer_sha`, `image.tag`, `image.digest`.
 */
export interface Fact {
  key: string;
  value: string;
  origin: FactOrigin;
  /** The exact place in words: `tag 2.3.0-cuda12.1`, `env TOKENIZER_SHA`, `args --revision`. */
  detail: string;
  /** True when the value is a tool's default rather than written (vLLM's tokenizer defaults to the model). */
  implied?: boolean;
  location?: Location;
}

/** What the effective runtime of one container says, each fact with its source. */
export interface RuntimeFacts {
  facts: Fact[];
}

export function factsFor(runtime: RuntimeFacts, key: string): Fact[] {
  return runtime.facts.filter((fact) => fact.key === key);
}
