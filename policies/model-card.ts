import * as pulumi from '@pulumi/pulumi';
import { loadModelCard } from '../core/loaders/model-card';

/** The resource type the policy pack looks for. */
export const MODEL_CARD_TYPE = 'preflight-guard:index:ModelCard';

export interface ModelCardArgs {
  /** Path of the `model-card.json`, relative to the program's working directory. */
  path: string;
}

/**
 * Declares a model card in a Pulumi program so that the preflight-guard policy pack sees it during
 * `pulumi preview`. The card is validated when the program runs: a bad card fails the program with
 * its file, position and what was expected. Bind workloads by image repository, or with the
 * `preflight-guard.dev/model-card: <model.id>` annotation.
 */
export class ModelCard extends pulumi.ComponentResource {
  constructor(name: string, args: ModelCardArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MODEL_CARD_TYPE, name, {}, opts);
    const card = loadModelCard(args.path);
    const json = {
      model: card.model,
      tokenizer_sha: card.tokenizer_sha,
      tokenizer: card.tokenizer,
      runtime: card.runtime,
      image: card.image,
      env: card.env,
    };
    // Drop absent fields: the card must round-trip through the engine exactly as written.
    const fields = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
    this.registerOutputs({ modelCard: fields, file: card.file });
  }
}
