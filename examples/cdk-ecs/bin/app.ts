// A GPU inference service on ECS with EC2 capacity, guarded by preflight-guard:
//   cdk synth --no-lookups                    the passing variant
//   cdk synth --no-lookups -c variant=failing the image drifts from the card and a secret exists nowhere
// In your own app, import from 'preflight-guard/constructs'.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ModelCard, PreflightGuardValidation, ProbeMode, RuntimeProbeSidecar } from '../../../constructs';

const app = new App();
const failing = app.node.tryGetContext('variant') === 'failing';
// `-c config=FILE` picks another preflight.yaml (relative to this folder, where `cdk synth` runs).
Validations.of(app).addPlugins(
  new PreflightGuardValidation({ configFile: app.node.tryGetContext('config') ?? 'preflight.yaml' }),
);

// Environment-agnostic: synth needs no account, credentials or lookups.
const stack = new Stack(app, 'LlmServing');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
const capacity = cluster.addCapacity('GpuCapacity', {
  instanceType: new ec2.InstanceType('g5.xlarge'),
  // Resolved from an SSM parameter at deploy time, so synth stays offline.
  machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU),
  vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  minCapacity: 1,
  maxCapacity: 2,
});
// addCapacity does not write it, and the ECS agent places no GPU task without it.
capacity.addUserData('echo ECS_ENABLE_GPU_SUPPORT=true >> /etc/ecs/ecs.config');

const card = new ModelCard(stack, 'ModelCard', { file: 'model-card.json' });
const hfToken = new secretsmanager.Secret(stack, 'HfToken', {
  description: 'Hugging Face token of the LLM server',
});
const secrets: Record<string, ecs.Secret> = { HF_TOKEN: ecs.Secret.fromSecretsManager(hfToken) };
if (failing) {
  // Neither created in this app nor listed under secrets.external in preflight.yaml.
  const openai = secretsmanager.Secret.fromSecretNameV2(stack, 'OpenAiKey', 'ml/openai-key');
  secrets.OPENAI_API_KEY = ecs.Secret.fromSecretsManager(openai);
}

const task = new ecs.Ec2TaskDefinition(stack, 'LlmTask');
const server = task.addContainer('llm-server', {
  // Built for the card: pytorch 2.3.0, CUDA 12.1. The failing variant deploys a newer build.
  image: ecs.ContainerImage.fromRegistry(
    `ghcr.io/acme/llm-server:${failing ? '2.4.0-cuda12.4' : '2.3.0-cuda12.1'}`,
  ),
  entryPoint: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
  command: [
    '--model',
    'meta-llama/Llama-3.1-8B-Instruct',
    '--revision',
    '0e9e39f249a16976918f6564b8830bc894c89659',
  ],
  gpuCount: 1,
  memoryReservationMiB: 14_000,
  environment: { TOKENIZER_SHA: 'ad4c1b9', TRANSFORMERS_VERSION: '4.44.2' },
  secrets,
  portMappings: [{ containerPort: 8000 }],
  logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'llm-server' }),
});
card.bind(task);
new RuntimeProbeSidecar(stack, 'RuntimeProbe', {
  taskDefinition: task,
  appContainer: server,
  modelCard: card,
  mode: ProbeMode.FALLBACK,
  secrets: { HF_TOKEN: ecs.Secret.fromSecretsManager(hfToken) },
});
new ecs.Ec2Service(stack, 'LlmService', {
  cluster,
  taskDefinition: task,
  desiredCount: 1,
  // One GPU host: stop the old task before the new one starts.
  minHealthyPercent: 0,
  maxHealthyPercent: 100,
  // Without it a task that cannot start (a missing secret) is retried for ever.
  circuitBreaker: { enable: true, rollback: true },
});
