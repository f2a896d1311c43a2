import type { Location } from './location';

/** Where an effective value was read; `spec`: a field of a custom resource's spec (`storageUri`, a Ray `runtime_env`). */
export type FactOrigin = 'image-tag' | 'image-config' | 'env' | 'args' | 'host-driver' | 'config' | 'spec';

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
  /**
   * Set when the value is not known before the container runs (an env var set from `valueFrom`, an
   * argument the reader cannot place): why, in words. `value` is then the text as written.
   */
  unknown?: string;
  /** True when the value arrived marked secret: rules compare it, messages say "a secret value". */
  secret?: boolean;
  location?: Location;
}

/** What the effective runtime of one container says, each fact with its source. */
export interface RuntimeFacts {
  facts: Fact[];
}

export function factsFor(runtime: RuntimeFacts, key: string): Fact[] {
  return runtime.facts.filter((fact) => fact.key === key);
}

/**
 * A fact whose position is found when first read: locating walks the parsed document, and only the
 * few facts that end up in a finding need one. A class, so that every such fact shares one hidden
 * class (a per-object getter would give each its own, and the rules reading facts would miss their
 * inline caches). `location` is an accessor: a copy made by spreading one leaves it out.
 */
export class LazilyLocatedFact implements Fact {
  readonly key: string;
  readonly value: string;
  readonly origin: FactOrigin;
  readonly detail: string;
  // Declared, not defined: a fact that is not implied has no `implied` key, as a plain one.
  declare readonly implied?: boolean;
  declare readonly unknown?: string;
  declare secret?: boolean;
  #locate: (() => Location | undefined) | undefined;
  #location: Location | undefined;

  constructor(fact: Omit<Fact, 'location'>, locate: () => Location | undefined) {
    this.key = fact.key;
    this.value = fact.value;
    this.origin = fact.origin;
    this.detail = fact.detail;
    if (fact.implied !== undefined) this.implied = fact.implied;
    if (fact.unknown !== undefined) this.unknown = fact.unknown;
    if (fact.secret) this.secret = true;
    this.#locate = locate;
  }

  get location(): Location | undefined {
    if (this.#locate) {
      this.#location = this.#locate();
      this.#locate = undefined;
    }
    return this.#location;
  }

  set location(location: Location | undefined) {
    this.#locate = undefined;
    this.#location = location;
  }
}
