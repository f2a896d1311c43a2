import type { Location } from './location';

/** Rule ids are shared by every front: CLI rule ids, Pulumi policy names, CDK rule names. */
export type RuleId =
  | 'model-card-skew'
  | 'secret-missing'
  | 'cuda-driver-compat'
  | 'env-var-typo'
  | 'prompt-template-vars'
  | 'invisible-unicode'
  | 'gpu-probe-attached'
  | 'image-tag-mismatch'
  | 'image-digest-moved'
  | 'image-unresolved';

/** `error` blocks (exit 1, mandatory policy); `warning` is shown and never blocks; `note` is informational. */
export type Severity = 'error' | 'warning' | 'note';

export interface AppliedOverride {
  reason: string;
  expires?: string;
  /** Where the override was declared (preflight.yaml). */
  location?: Location;
}

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  /** What the finding is about: `Deployment/ns/name container app`, a CFN logical id, a URN, a file. */
  target: string;
  location?: Location;
  /** What the model card or config declares. */
  declared?: string;
  /** What the effective runtime says. */
  effective?: string;
  /** Where the effective value came from, in words: `image tag`, `env TOKENIZER_SHA`, `args --revision`. */
  source?: string;
  /** What to do about it. */
  fix?: string;
  /** Set when an override downgraded this finding; it then carries severity `warning`. */
  override?: AppliedOverride;
}

/** A check that was made and passed: the text format lists these as ✔ lines. */
export interface Passed {
  rule: RuleId;
  target: string;
  /** What was compared, e.g. `tokenizer_sha` or `env names`. */
  subject: string;
  /** The agreed value, when there is one worth showing. */
  value?: string;
  source?: string;
}

export interface RuleOutcome {
  findings: Finding[];
  passed: Passed[];
}
