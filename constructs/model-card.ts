import { relative, resolve, sep } from 'node:path';
import { type CfnResource, Stack } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { MODEL_CARD_ANNOTATION } from '../core/check/bindings';
import { InputError } from '../core/errors';
import { parseJsonDocument } from '../core/loaders/documents';
import { modelCardFromDocument } from '../core/loaders/model-card';
import { readSourceFile } from '../core/loaders/source-file';
import type { ModelCard as DeclaredModelCard } from '../core/model/model-card';
import { MODEL_CARDS_METADATA, type RecordedModelCard } from '../core/model/template-metadata';

export type { DeclaredModelCard };

export interface ModelCardProps {
  /**
   * The `model-card.json` to load: absolute, or relative to the folder the app runs in (where
   * `cdk synth` runs). It is read and validated when the construct is created.
   */
  readonly file: string;
}

/**
 * A model card: the declared runtime (model, tokenizer, framework versions such as `cuda`, the image
 * repository, required env). Validated at construct time and recorded in the stack template's
 * `Metadata` under `PreflightGuard::ModelCards`, so the validation plugin and `preflight check cdk.out`
 * see it from the templates alone. `bind()` ties a task definition's app containers to it.
 */
export class ModelCard extends Construct {
  /** The card file, absolute. */
  readonly file: string;
  /** The card file as recorded in the template: relative to the app's folder, `/`-separated. */
  readonly source: string;
  /** The card as core reads it (what every rule compares against). */
  readonly declared: DeclaredModelCard;
  /** What a bound task definition names in its Metadata: the model id, else the card's source file. */
  readonly bindingName: string;

  constructor(scope: Construct, id: string, props: ModelCardProps) {
    super(scope, id);
    this.file = resolve(props.file);
    this.source = toPosix(relative(process.cwd(), this.file) || this.file);
    let json: unknown;
    try {
      const doc = parseJsonDocument(readSourceFile(this.file), this.file);
      json = doc.value;
      this.declared = modelCardFromDocument(doc);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new Error(`${this.node.path}: invalid model card ${error.describe(process.cwd())}`);
    }
    this.bindingName = this.declared.model?.id ?? this.source;
    recordCard(Stack.of(this), {
      constructPath: this.node.path,
      source: this.source,
      card: json as Record<string, unknown>,
    });
  }

  /** The model id, when the card names one. */
  get modelId(): string | undefined {
    return this.declared.model?.id;
  }

  /** `runtime.cuda` of the card: the CUDA the app's image is built for. */
  get requiredCuda(): string | undefined {
    return this.declared.runtime.cuda;
  }

  /** Framework versions by name (`cuda`, `pytorch`, `transformers`, ...). */
  get runtime(): Readonly<Record<string, string>> {
    return this.declared.runtime;
  }

  /** Env names the app needs (`env.required`). */
  get requiredEnv(): readonly string[] {
    return this.declared.env.required;
  }

  /** The image repository the card binds to (`image.repository`). */
  get imageRepository(): string {
    return this.declared.image.repository;
  }

  /**
   * Binds the task definition's app containers to this card (resource Metadata
   * `preflight-guard.dev/model-card`), whatever their images. A task definition binds one card.
   */
  bind(taskDefinition: ecs.TaskDefinition): void {
    const resource = taskDefinition.node.defaultChild as CfnResource;
    const bound = resource.getMetadata(MODEL_CARD_ANNOTATION);
    if (bound !== undefined && bound !== this.bindingName) {
      throw new Error(
        `${this.node.path}: task definition ${taskDefinition.node.path} is already bound to model card "${bound}": got a second card "${this.bindingName}", expected one card per task definition`,
      );
    }
    resource.addMetadata(MODEL_CARD_ANNOTATION, this.bindingName);
  }
}

function recordCard(stack: Stack, entry: RecordedModelCard): void {
  const metadata = stack.templateOptions.metadata ?? {};
  const recorded = metadata[MODEL_CARDS_METADATA];
  const cards: RecordedModelCard[] = Array.isArray(recorded) ? recorded : [];
  stack.templateOptions.metadata = { ...metadata, [MODEL_CARDS_METADATA]: [...cards, entry] };
}

function toPosix(path: string): string {
  return path.split(sep).join('/');
}
