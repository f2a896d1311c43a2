/**
 * What the CDK constructs record in synthesized CloudFormation templates so that the validation
 * plugin and `preflight check cdk.out` see the declared runtime from the files alone.
 */

/**
 * Template-level `Metadata` key: the model cards the app's `ModelCard` constructs loaded, one entry
 * per construct, in construct order.
 */
export const MODEL_CARDS_METADATA = 'PreflightGuard::ModelCards';

/** One entry under {@link MODEL_CARDS_METADATA}. */
export interface RecordedModelCard {
  /** The construct path of the `ModelCard` construct. */
  constructPath: string;
  /** The card file as the app named it (relative to the app's working folder). */
  source: string;
  /** The card's JSON exactly as validated (the model-card.json schema). */
  card: Record<string, unknown>;
}

// An ECS task definition binds its app containers to a card by model id through resource-level
// `Metadata` under MODEL_CARD_ANNOTATION (core/check/bindings): the same key and meaning as the
// Kubernetes annotation, because the CloudFormation reader turns resource Metadata into annotations.
