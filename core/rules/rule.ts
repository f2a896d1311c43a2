import type { Config } from '../model/config';
import type { RuntimeFacts } from '../model/facts';
import type { RuleId, RuleOutcome, Severity } from '../model/finding';
import type { ModelCard } from '../model/model-card';
import type { SecretProvider } from '../model/secret-provider';
import type { Container, Workload } from '../model/workload';
import type { ImageLookup } from '../registry/image-lookup';

/** A container together with the card that declares its runtime (if any) and what its runtime says. */
export interface Binding {
  workload: Workload;
  container: Container;
  /** The card that declares this container's runtime (see bindContainers); absent when none does. */
  card?: ModelCard;
  /** Cards that answer equally well for this container, so none is bound: a finding names them. */
  ambiguous?: readonly ModelCard[];
  runtime: RuntimeFacts;
  /** What the registry said about the image, when registry lookups ran. */
  image?: ImageLookup;
  /** Why the image reference is not a valid reference (no image can be pulled by it); absent when valid. */
  invalidImage?: string;
}

/** Everything a rule may look at. Rules are pure functions of this. */
export interface CheckContext {
  workloads: Workload[];
  cards: ModelCard[];
  bindings: Binding[];
  /** Everything in the inputs that makes a secret exist. */
  secretProviders: SecretProvider[];
  config: Config;
}

export interface Rule {
  id: RuleId;
  description: string;
  /** The level a violation reports at unless an override or config says otherwise. */
  defaultSeverity: Severity;
  check(context: CheckContext): RuleOutcome;
}
