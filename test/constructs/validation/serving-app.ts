import { App, type AppProps, type CfnResource, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { MODEL_CARD_ANNOTATION } from '../../../core/check/bindings';
import { MODEL_CARDS_METADATA } from '../../../core/model/template-metadata';

/** A literal env value that must appear in no report, message or file we write. */
export const CANARY = 'sk-canary-7f3a9c2e5b1d4e6f';

export const MODEL_ID = 'meta-llama/Llama-3.1-8B-Instruct';

export const CARD = {
  model: { id: MODEL_ID, revision: '0e9e39f249a16976918f6564b8830bc894c89659' },
  tokenizer_sha: 'ad4c1b9',
  // Only what the image tag states without a convention: a declared field nothing states is a "cannot verify" note.
  runtime: { cuda: '12.1' },
  image: { repository: 'ghcr.io/acme/llm-server', tag: '2.3.0-cuda12.1' },
  env: { required: ['HF_TOKEN', 'TOKENIZER_SHA'] },
};

export interface ServingOptions {
  /** `failing`: image skewed from the card, a secret neither created nor declared external. */
  variant?: 'passing' | 'failing';
  stacks?: number;
  appProps?: AppProps;
}

/**
 * A GPU inference service on ECS/EC2 written with plain aws-cdk-lib: the card recorded in template
 * Metadata and the task definition bound to it, the way the ModelCard construct does it.
 */
export function servingApp(options: ServingOptions = {}): App {
  const app = new App(options.appProps);
  for (let index = 0; index < (options.stacks ?? 1); index++) {
    servingStack(
      app,
      options.stacks === undefined ? 'Serving' : `Serving${index}`,
      options.variant ?? 'passing',
    );
  }
  return app;
}

export function servingStack(app: App, id: string, variant: 'passing' | 'failing'): Stack {
  const stack = new Stack(app, id);
  stack.templateOptions.metadata = {
    [MODEL_CARDS_METADATA]: [{ constructPath: `${id}/Card`, source: 'model-card.json', card: CARD }],
  };
  const hfToken = new secretsmanager.Secret(stack, 'HfToken');
  const wandb = new ssm.StringParameter(stack, 'WandbKey', {
    parameterName: '/ml/wandb-key',
    stringValue: 'x',
  });
  const task = new ecs.Ec2TaskDefinition(stack, 'Task');
  const probe = task.addContainer('probe', {
    image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/preflight-probe:0.1.0'),
    essential: false,
    memoryLimitMiB: 64,
    command: ['probe', 'cuda'],
  });
  const failing = variant === 'failing';
  const secrets: Record<string, ecs.Secret> = {
    HF_TOKEN: ecs.Secret.fromSecretsManager(hfToken),
    WANDB_API_KEY: ecs.Secret.fromSsmParameter(wandb),
  };
  if (failing) {
    const openai = secretsmanager.Secret.fromSecretNameV2(stack, 'OpenAi', 'ml/openai');
    secrets.OPENAI_API_KEY = ecs.Secret.fromSecretsManager(openai);
  }
  const server = task.addContainer('server', {
    image: ecs.ContainerImage.fromRegistry(
      `ghcr.io/acme/llm-server:${failing ? '2.4.0-cuda12.4' : '2.3.0-cuda12.1'}`,
    ),
    memoryLimitMiB: 4096,
    gpuCount: 1,
    // TGI's shape: the served model and its revision as env (huggingface.co/docs/text-generation-inference).
    environment: {
      MODEL_ID,
      REVISION: CARD.model.revision,
      TOKENIZER_SHA: 'ad4c1b9',
      ACME_SESSION_SALT: CANARY,
    },
    secrets,
  });
  server.addContainerDependencies({ container: probe, condition: ecs.ContainerDependencyCondition.SUCCESS });
  (task.node.defaultChild as CfnResource).addMetadata(MODEL_CARD_ANNOTATION, MODEL_ID);
  return stack;
}
