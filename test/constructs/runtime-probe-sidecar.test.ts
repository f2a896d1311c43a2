import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Capture, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ModelCard,
  PROBE_VOLUME,
  ProbeMode,
  RUNTIME_PROBE_METADATA,
  RuntimeProbeSidecar,
  type RuntimeProbeSidecarProps,
} from '../../constructs';
import { bindContainers, MODEL_CARD_ANNOTATION } from '../../core/check/bindings';
import { parseJsonDocument } from '../../core/loaders/documents';
import { loadModelCard } from '../../core/loaders/model-card';
import { DEFAULT_CONFIG } from '../../core/model/config';
import { gpuProbeAttached } from '../../core/rules/gpu-probe-attached';
import { workloadsFromCloudFormation } from '../../core/workloads/cloudformation';
import { CARD, cardFiles } from './cards';

const files = cardFiles({ card: CARD, noCuda: { ...CARD, runtime: { pytorch: '2.4.0' } } });

type AppOptions = Partial<ecs.ContainerDefinitionOptions>;

interface TemplateResource {
  Type: string;
  Properties: { ContainerDefinitions?: { Name: string; Image: unknown }[] };
}

/** A stack with an EC2 task definition and a GPU app container (`python -m server`). */
function gpuApp(options: AppOptions = {}, taskDefinition?: (stack: Stack) => ecs.TaskDefinition) {
  const app = new App();
  const stack = new Stack(app, 'Serving');
  const task = taskDefinition?.(stack) ?? new ecs.Ec2TaskDefinition(stack, 'Task');
  const container = task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/llm-server:2.4.0-cu124'),
    memoryLimitMiB: 4096,
    gpuCount: 1,
    command: ['python', '-m', 'server'],
    ...options,
  });
  return { app, stack, task, container };
}

/** The sidecar on the app, with a fixed image so that templates need no asset unless a test wants one. */
function withProbe(extra: Partial<RuntimeProbeSidecarProps> = {}, options: AppOptions = {}) {
  const built = gpuApp(options);
  const card = new ModelCard(built.stack, 'Card', { file: files.card });
  const probe = new RuntimeProbeSidecar(built.stack, 'Probe', {
    taskDefinition: built.task,
    appContainer: built.container,
    modelCard: card,
    image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/preflight-probe:0.1.0'),
    ...extra,
  });
  return { ...built, card, probe, template: Template.fromStack(built.stack) };
}

function containers(template: Template): Record<string, Record<string, unknown>> {
  const [task] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  const definitions = task!.Properties.ContainerDefinitions as Record<string, unknown>[];
  return Object.fromEntries(definitions.map((definition) => [definition.Name as string, definition]));
}

function probeScript(template: Template): string {
  const command = containers(template)['preflight-probe']!.Command as string[];
  assert.equal(command.length, 1);
  return command[0]!;
}

describe('RuntimeProbeSidecar', () => {
  it('adds a non-essential, non-root probe with a read-only root file system, small memory, its own logs and no GPU', () => {
    const { template } = withProbe();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['EC2'],
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          Name: 'preflight-probe',
          Essential: false,
          User: '1000:1000',
          ReadonlyRootFilesystem: true,
          Memory: 128,
          ResourceRequirements: Match.absent(),
          EntryPoint: ['/bin/sh', '-c'],
          LogConfiguration: {
            LogDriver: 'awslogs',
            Options: Match.objectLike({
              'awslogs-group': { Ref: Match.stringLikeRegexp('^ProbeLogGroup') },
              'awslogs-stream-prefix': 'preflight-probe',
            }),
          },
        }),
      ]),
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('makes the app wait for the probe with SUCCESS and keeps the app essential with its GPU', () => {
    const { template } = withProbe();
    const app = containers(template).app!;
    assert.deepEqual(app.DependsOn, [{ Condition: 'SUCCESS', ContainerName: 'preflight-probe' }]);
    assert.equal(app.Essential, true);
    assert.deepEqual(app.ResourceRequirements, [{ Type: 'GPU', Value: '1' }]);
  });

  it('shares an in-memory task volume owned by the probe user, read-only in the app, and mounts the host driver folders read-only in the probe', () => {
    const { template } = withProbe();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [
        {
          Name: PROBE_VOLUME,
          DockerVolumeConfiguration: {
            Scope: 'task',
            Driver: 'local',
            DriverOpts: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,uid=1000,gid=1000,mode=0755' },
          },
        },
        { Name: 'preflight-host-proc-driver', Host: { SourcePath: '/proc/driver' } },
        { Name: 'preflight-host-sys-module', Host: { SourcePath: '/sys/module' } },
      ],
    });
    const byName = containers(template);
    assert.deepEqual(byName.app!.MountPoints, [
      { ContainerPath: '/run/preflight', ReadOnly: true, SourceVolume: PROBE_VOLUME },
    ]);
    assert.deepEqual(byName['preflight-probe']!.MountPoints, [
      { ContainerPath: '/run/preflight', ReadOnly: false, SourceVolume: PROBE_VOLUME },
      { ContainerPath: '/host/proc/driver', ReadOnly: true, SourceVolume: 'preflight-host-proc-driver' },
      { ContainerPath: '/host/sys/module', ReadOnly: true, SourceVolume: 'preflight-host-sys-module' },
    ]);
  });

  it('runs an app given as a command through the env wrapper, its command unchanged', () => {
    const { template } = withProbe();
    const entryPoint = new Capture();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({ Name: 'app', EntryPoint: entryPoint, Command: ['python', '-m', 'server'] }),
      ]),
    });
    assert.deepEqual(entryPoint.asArray(), [
      '/bin/sh',
      '/run/preflight/with-preflight-env',
      '--env-file',
      '/run/preflight/env',
      '--',
    ]);
  });

  it('runs an app given an entry point through the wrapper before that entry point, its arguments unchanged', () => {
    const { template } = withProbe(
      {},
      { entryPoint: ['python3', '-m', 'vllm.entrypoints.openai.api_server'], command: ['--port', '8000'] },
    );
    const app = containers(template).app!;
    assert.deepEqual(app.EntryPoint, [
      '/bin/sh',
      '/run/preflight/with-preflight-env',
      '--env-file',
      '/run/preflight/env',
      '--',
      'python3',
      '-m',
      'vllm.entrypoints.openai.api_server',
    ]);
    assert.deepEqual(app.Command, ['--port', '8000']);
  });

  it('copies the wrapper onto the shared volume, then checks the CUDA from the card against the host driver under /host', () => {
    const { template, probe } = withProbe();
    assert.equal(probe.requiredCuda, '12.4');
    assert.equal(probe.mode, ProbeMode.FALLBACK);
    assert.equal(
      probeScript(template),
      'cp /opt/preflight/with-preflight-env /run/preflight/with-preflight-env && ' +
        'exec node -- /opt/preflight/preflight-probe.js cuda --require-cuda 12.4 --mode fallback ' +
        '--env-out /run/preflight/env --status-file /run/preflight/status.json --root /host',
    );
  });

  it('waits for the secrets it is given (as the probe container’s secrets) before the CUDA check, in the mode asked for', () => {
    const built = gpuApp();
    const token = secretsmanager.Secret.fromSecretNameV2(built.stack, 'HfToken', 'ml/hf-token');
    new RuntimeProbeSidecar(built.stack, 'Probe', {
      taskDefinition: built.task,
      appContainer: built.container,
      requiredCuda: '12.1.1',
      mode: ProbeMode.STRICT,
      secrets: {
        HF_TOKEN: ecs.Secret.fromSecretsManager(token),
        API_KEY: ecs.Secret.fromSecretsManager(token),
      },
      secretTimeout: Duration.millis(2500),
      image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/preflight-probe:0.1.0'),
    });
    const template = Template.fromStack(built.stack);
    assert.match(
      probeScript(template),
      / && node -- \/opt\/preflight\/preflight-probe\.js secrets --require HF_TOKEN --require API_KEY --timeout 2500ms --status-file \/run\/preflight\/secrets\.json && exec node -- \/opt\/preflight\/preflight-probe\.js cuda --require-cuda 12\.1 --mode strict /,
    );
    const probe = containers(template)['preflight-probe']!;
    assert.deepEqual(
      (probe.Secrets as { Name: string }[]).map((secret) => secret.Name),
      ['HF_TOKEN', 'API_KEY'],
    );
    assert.equal(containers(template).app!.Secrets, undefined, 'the app keeps its own secrets');
  });

  it('writes the default secret timeout in seconds', () => {
    const built = gpuApp();
    const token = secretsmanager.Secret.fromSecretNameV2(built.stack, 'HfToken', 'ml/hf-token');
    new RuntimeProbeSidecar(built.stack, 'Probe', {
      taskDefinition: built.task,
      appContainer: built.container,
      requiredCuda: '12.4',
      mode: ProbeMode.WARN,
      secrets: { HF_TOKEN: ecs.Secret.fromSecretsManager(token) },
      image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/preflight-probe:0.1.0'),
    });
    const script = probeScript(Template.fromStack(built.stack));
    assert.match(script, /--timeout 90s /);
    assert.match(script, /--mode warn /);
  });

  it('records the probe and the bound card in the task definition’s Metadata', () => {
    const { template } = withProbe();
    template.hasResource('AWS::ECS::TaskDefinition', {
      Metadata: Match.objectLike({
        [RUNTIME_PROBE_METADATA]: 'preflight-probe',
        [MODEL_CARD_ANNOTATION]: 'acme/llm-8b',
      }),
    });
  });

  it('takes any image, container name, memory and log driver it is given', () => {
    const { template, probe } = withProbe({
      containerName: 'cuda-probe',
      memoryLimitMiB: 64,
      logging: ecs.LogDrivers.journald(),
      containerOptions: { cpu: 32, user: '65532' },
    });
    assert.equal(probe.logGroup, undefined);
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    const probeContainer = containers(template)['cuda-probe']!;
    assert.equal(probeContainer.Image, 'ghcr.io/acme/preflight-probe:0.1.0');
    assert.equal(probeContainer.Memory, 64);
    assert.equal(probeContainer.Cpu, 32);
    assert.equal(probeContainer.User, '65532');
    assert.equal((probeContainer.LogConfiguration as { LogDriver: string }).LogDriver, 'journald');
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: Match.arrayWith([
        Match.objectLike({
          DockerVolumeConfiguration: Match.objectLike({
            DriverOpts: Match.objectLike({ o: 'size=1m,uid=65532,gid=65532,mode=0755' }),
          }),
        }),
      ]),
    });
    assert.deepEqual(containers(template).app!.DependsOn, [
      { Condition: 'SUCCESS', ContainerName: 'cuda-probe' },
    ]);
  });

  it('warns when the app requests no GPU', () => {
    const { stack } = withProbe({}, { gpuCount: undefined });
    Annotations.fromStack(stack).hasWarning(
      '/Serving/Probe',
      Match.stringLikeRegexp('the app container app requests no GPU'),
    );
  });

  it('synthesizes with the default image as an asset: the probe bundle, the wrapper and the recipe, nothing else', () => {
    const built = gpuApp();
    new RuntimeProbeSidecar(built.stack, 'Probe', {
      taskDefinition: built.task,
      appContainer: built.container,
      requiredCuda: '12.4',
    });
    const assembly = built.app.synth();
    const manifest = JSON.parse(readFileSync(join(assembly.directory, 'Serving.assets.json'), 'utf8'));
    const images = Object.values(manifest.dockerImages) as {
      source: { directory: string; dockerFile: string };
    }[];
    assert.equal(images.length, 1);
    assert.equal(images[0]!.source.dockerFile, 'Containerfile');
    const staged = join(assembly.directory, images[0]!.source.directory);
    assert.deepEqual(readdirSync(staged).sort(), [
      'Containerfile',
      'preflight-probe.js',
      'with-preflight-env',
    ]);
    const resources = assembly.getStackByName('Serving').template.Resources as Record<
      string,
      TemplateResource
    >;
    const task = Object.values(resources).find((resource) => resource.Type === 'AWS::ECS::TaskDefinition')!;
    const probe = task.Properties.ContainerDefinitions!.find((c) => c.Name === 'preflight-probe')!;
    assert.match(JSON.stringify(probe.Image), /container-assets/);
  });

  it('is what core reads from the synthesized template as an attached probe (an init container) and a card binding', () => {
    const built = gpuApp();
    const card = new ModelCard(built.stack, 'Card', { file: files.card });
    new RuntimeProbeSidecar(built.stack, 'Probe', {
      taskDefinition: built.task,
      appContainer: built.container,
      modelCard: card,
    });
    const assembly = built.app.synth();
    const file = join(assembly.directory, 'Serving.template.json');
    const workloads = workloadsFromCloudFormation(parseJsonDocument(readFileSync(file, 'utf8'), file));
    assert.equal(workloads.length, 1);
    const kinds = Object.fromEntries(workloads[0]!.containers.map((c) => [c.name, c.kind]));
    assert.deepEqual(kinds, { app: 'app', 'preflight-probe': 'init' });
    const context = { workloads, cards: [], bindings: [], secretProviders: [], config: DEFAULT_CONFIG };
    const outcome = gpuProbeAttached.check(context);
    assert.deepEqual(outcome.findings, []);
    assert.equal(outcome.passed.length, 1);
    const bindings = bindContainers(workloads, [loadModelCard(files.card)], DEFAULT_CONFIG);
    const app = bindings.find((binding) => binding.container.name === 'app')!;
    assert.equal(app.card?.model?.id, 'acme/llm-8b');
  });
});

/** The task definition exactly as the app left it: no volume, no dependency, no wrapped entry point. */
function assertUntouched(stack: Stack): void {
  const template = Template.fromStack(stack);
  const [task] = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  assert.equal(task!.Properties.Volumes, undefined);
  for (const definition of task!.Properties.ContainerDefinitions as Record<string, unknown>[]) {
    assert.equal(definition.DependsOn, undefined);
    assert.equal(definition.MountPoints, undefined);
    assert.ok(!JSON.stringify(definition.EntryPoint ?? []).includes('with-preflight-env'));
  }
  assert.equal(task!.Metadata?.[RUNTIME_PROBE_METADATA], undefined);
  assert.equal(task!.Metadata?.[MODEL_CARD_ANNOTATION], undefined);
}

/** Attaches the probe with `props` over a valid base, asserts it throws `message`, and that nothing changed. */
function assertRejected(
  message: RegExp,
  props: Partial<RuntimeProbeSidecarProps> = {},
  options: AppOptions = {},
  taskDefinition?: (stack: Stack) => ecs.TaskDefinition,
): void {
  const built = gpuApp(options, taskDefinition);
  assert.throws(
    () =>
      new RuntimeProbeSidecar(built.stack, 'Probe', {
        taskDefinition: built.task,
        appContainer: built.container,
        requiredCuda: '12.4',
        image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/preflight-probe:0.1.0'),
        ...props,
      }),
    (error: Error) => {
      assert.match(error.message, /^Serving\/Probe: /);
      assert.match(error.message, message);
      return true;
    },
  );
  assertUntouched(built.stack);
}

describe('RuntimeProbeSidecar misuse', () => {
  it('fails for a GPU app on a Fargate task definition', () => {
    assertRejected(
      /the app container app requests 1 GPU on a task definition compatible with FARGATE: Fargate offers no GPUs, expected EC2 only/,
      {},
      {},
      (stack) => new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 4096, memoryLimitMiB: 8192 }),
    );
  });

  it('fails for a task definition compatible with both EC2 and Fargate', () => {
    assertRejected(
      /requests 1 GPU on a task definition compatible with EC2 and FARGATE/,
      {},
      {},
      (stack) =>
        new ecs.TaskDefinition(stack, 'Task', {
          compatibility: ecs.Compatibility.EC2_AND_FARGATE,
          cpu: '4096',
          memoryMiB: '8192',
        }),
    );
  });

  it('fails for a task definition without EC2 compatibility, even with no GPU', () => {
    assertRejected(
      /the runtime probe needs a task definition compatible with EC2 only \(it mounts host folders to read the driver\), got EXTERNAL/,
      {},
      { gpuCount: undefined },
      (stack) => new ecs.ExternalTaskDefinition(stack, 'Task'),
    );
  });

  it('fails when the probe is made essential', () => {
    assertRejected(/the probe container must not be essential: got essential: true, expected false/, {
      containerOptions: { essential: true },
    });
  });

  it('fails when the probe is given a GPU', () => {
    assertRejected(/needs no GPU: got gpuCount: 1, expected none/, { containerOptions: { gpuCount: 1 } });
  });

  it('fails when the probe would run as root', () => {
    assertRejected(/the probe runs as a non-root user: got user "0:0", expected a uid other than 0/, {
      containerOptions: { user: '0:0' },
    });
  });

  it('fails when the probe’s user is a name (the shared volume needs its uid)', () => {
    assertRejected(/the probe's user must be a numeric uid or uid:gid .*got "node"/, {
      containerOptions: { user: 'node' },
    });
  });

  it('fails when the probe’s root file system is made writable', () => {
    assertRejected(/got readonlyRootFilesystem: false, expected true/, {
      containerOptions: { readonlyRootFilesystem: false },
    });
  });

  it('fails when the probe is given its own command', () => {
    assertRejected(/got entryPoint or command, expected neither/, {
      containerOptions: { command: ['true'] },
    });
  });

  it('fails when the app has no command to wrap, only the image’s entrypoint', () => {
    assertRejected(
      /the app container app has no command to wrap: got neither entryPoint nor command \(only the image's own entrypoint, unknown at synth\)/,
      {},
      { command: undefined },
    );
  });

  it('fails when the app’s command is only arguments to the image’s entrypoint', () => {
    assertRejected(
      /the app container app has command \["--model","acme\/llm-8b"\], which looks like arguments to the image's entrypoint: give entryPoint too/,
      {},
      { command: ['--model', 'acme/llm-8b'] },
    );
  });

  it('fails without a required CUDA', () => {
    assertRejected(/no required CUDA: give modelCard \(with runtime\.cuda\) or requiredCuda/, {
      requiredCuda: undefined,
    });
  });

  it('fails with a model card that declares no CUDA and no requiredCuda', () => {
    const built = gpuApp();
    const card = new ModelCard(built.stack, 'Card', { file: files.noCuda });
    assert.throws(
      () =>
        new RuntimeProbeSidecar(built.stack, 'Probe', {
          taskDefinition: built.task,
          appContainer: built.container,
          modelCard: card,
        }),
      /^Error: Serving\/Probe: model card .*noCuda\.json has no runtime\.cuda: give requiredCuda/,
    );
    assertUntouched(built.stack);
  });

  it('fails on a required CUDA that is not a version', () => {
    assertRejected(/requiredCuda is "twelve", expected a CUDA version such as 12\.4/, {
      requiredCuda: 'twelve',
    });
  });

  it('fails when requiredCuda disagrees with the model card', () => {
    const built = gpuApp();
    const card = new ModelCard(built.stack, 'Card', { file: files.card });
    assert.throws(
      () =>
        new RuntimeProbeSidecar(built.stack, 'Probe', {
          taskDefinition: built.task,
          appContainer: built.container,
          modelCard: card,
          requiredCuda: '12.1',
        }),
      /requiredCuda is 12\.1 but model card .*card\.json says runtime\.cuda 12\.4: expected them to agree/,
    );
    assertUntouched(built.stack);
  });

  it('fails on a secret name that is not an environment variable name', () => {
    const secret = ecs.Secret.fromSecretsManager(
      secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'ml/hf-token'),
    );
    assertRejected(/secret name "HF-TOKEN" is not an environment variable name/, {
      secrets: { 'HF-TOKEN': secret },
    });
  });

  it('fails with a secret timeout but no secrets to wait for', () => {
    assertRejected(/secretTimeout is 2 minutes but there are no secrets to wait for: give secrets too/, {
      secretTimeout: Duration.minutes(2),
    });
  });

  it('fails with a zero secret timeout', () => {
    const secret = ecs.Secret.fromSecretsManager(
      secretsmanager.Secret.fromSecretNameV2(new Stack(), 'S', 'ml/hf-token'),
    );
    assertRejected(/secretTimeout must be longer than zero, got 0 ms/, {
      secrets: { HF_TOKEN: secret },
      secretTimeout: Duration.seconds(0),
    });
  });

  it('fails when the app container belongs to another task definition', () => {
    const built = gpuApp();
    const other = new ecs.Ec2TaskDefinition(built.stack, 'Other');
    assert.throws(
      () =>
        new RuntimeProbeSidecar(built.stack, 'Probe', {
          taskDefinition: other,
          appContainer: built.container,
          requiredCuda: '12.4',
        }),
      /the app container Serving\/Task\/app belongs to task definition Serving\/Task, expected Serving\/Other/,
    );
    assert.equal(other.node.children.filter((child) => child instanceof ecs.ContainerDefinition).length, 0);
  });

  it('fails on a second probe on the same task definition', () => {
    const { stack, task, container } = withProbe();
    assert.throws(
      () =>
        new RuntimeProbeSidecar(stack, 'Again', {
          taskDefinition: task,
          appContainer: container,
          requiredCuda: '12.4',
        }),
      /^Error: Serving\/Again: task definition Serving\/Task already has a runtime probe \(container preflight-probe\)$/,
    );
  });

  it('fails when a container of that name exists', () => {
    const built = gpuApp();
    built.task.addContainer('preflight-probe', {
      image: ecs.ContainerImage.fromRegistry('busybox'),
      memoryLimitMiB: 64,
      essential: false,
    });
    assert.throws(
      () =>
        new RuntimeProbeSidecar(built.stack, 'Probe', {
          taskDefinition: built.task,
          appContainer: built.container,
          requiredCuda: '12.4',
        }),
      /task definition Serving\/Task already has a container named preflight-probe/,
    );
  });
});
