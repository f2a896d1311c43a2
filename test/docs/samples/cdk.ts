import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  GpuBootProbe,
  ModelCard,
  RuntimeProbeSidecar,
  type RuntimeProbeSidecarProps,
} from '../../../constructs';
import { bootWithUserData } from '../../harness/ecs-boot';
import { fakeRoot } from '../../harness/fake-gpu-host';
import { REPO_ROOT, runCli } from '../../harness/run-cli';
import { tempFiles } from '../../harness/temp-files';
import type { Sample } from './sample';

const EXAMPLE = join(REPO_ROOT, 'examples', 'cdk-ecs');

/**
 * The pinned `cdk` CLI on the failing variant, offline (as test/constructs/validation/example-cdk-cli.test.ts),
 * then `preflight check` on the cdk.out it wrote, with the example's preflight.yaml beside it. Both run
 * at once: a temp folder lasts only as long as the test that made it.
 */
let failingSynth: { synth: string; check: string } | undefined;
function synthFailing(): { synth: string; check: string } {
  if (failingSynth) return failingSynth;
  const home = tempFiles({});
  const result = spawnSync(
    join(REPO_ROOT, 'node_modules', '.bin', 'cdk'),
    ['synth', '--no-lookups', '--no-notices', '-q', '-o', join(home, 'cdk.out'), '-c', 'variant=failing'],
    {
      cwd: EXAMPLE,
      env: { PATH: process.env.PATH, HOME: home, CDK_DISABLE_CLI_TELEMETRY: 'true' },
      encoding: 'utf8',
    },
  );
  assert.equal(result.status, 1, result.stdout + result.stderr);
  copyFileSync(join(EXAMPLE, 'preflight.yaml'), join(home, 'preflight.yaml'));
  const check = runCli(['check', 'cdk.out', '--config', 'preflight.yaml'], { cwd: home });
  assert.equal(check.code, 1, check.stdout + check.stderr);
  failingSynth = { synth: `${result.stdout}${result.stderr}`, check: check.stdout };
  return failingSynth;
}

/** What a construct's constructor throws: the message synth fails with. */
function thrown(build: () => void): string {
  try {
    build();
  } catch (error) {
    return `${(error as Error).message}\n`;
  }
  assert.fail('expected the construct to refuse its props');
}

/** An EC2 (or Fargate) task definition with a one-GPU app container `llm-server`. */
function gpuTask(options: Partial<ecs.ContainerDefinitionOptions> = {}, fargate = false) {
  const stack = new Stack(new App(), 'Serving');
  const task = fargate
    ? new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 4096, memoryLimitMiB: 8192 })
    : new ecs.Ec2TaskDefinition(stack, 'Task');
  const container = task.addContainer('llm-server', {
    image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/llm-server:2.3.0-cuda12.1'),
    memoryLimitMiB: 4096,
    gpuCount: 1,
    entryPoint: ['python3', '-m', 'vllm.entrypoints.openai.api_server'],
    ...options,
  });
  return { stack, task, container };
}

function sidecarRefusal(
  props: Partial<RuntimeProbeSidecarProps>,
  options: Partial<ecs.ContainerDefinitionOptions> = {},
  fargate = false,
): string {
  const { stack, task, container } = gpuTask(options, fargate);
  return thrown(
    () =>
      new RuntimeProbeSidecar(stack, 'RuntimeProbe', {
        taskDefinition: task,
        appContainer: container,
        requiredCuda: '12.1',
        image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/preflight-probe:0.1.0'),
        ...props,
      }),
  );
}

/**
 * Emulated instance boot (as test/constructs/gpu-boot-probe.test.ts): the GpuBootProbe's user data
 * runs under sh with the host's /sys and /proc and the ECS agent's config file as folders here.
 */
function bootLog(): string {
  const stack = new Stack(new App(), 'Serving');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
  const group = new autoscaling.AutoScalingGroup(stack, 'Gpu', {
    vpc,
    instanceType: new ec2.InstanceType('g5.xlarge'),
    machineImage: ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU),
  });
  new GpuBootProbe(stack, 'GpuBootProbe', { autoScalingGroup: group, requiredCuda: '12.4' });
  const lines = group.userData.render().split('\n').slice(1);
  const { config, stdout } = bootWithUserData(lines, fakeRoot({ sys: '470.223.02\n' }));
  assert.match(config, /ECS_ENABLE_GPU_SUPPORT=false/);
  return stdout;
}

export const cdkSamples: Record<string, Sample> = {
  'cdk-synth-failing': {
    command: 'npx cdk synth --no-lookups -c variant=failing',
    run: () => synthFailing().synth,
  },
  'cdk-check-cdk-out': {
    command: 'preflight check cdk.out --config preflight.yaml',
    run: () => synthFailing().check,
  },
  // The card is in a temp folder: its path (relative to where the test runs) is shortened to the file
  // name, as `file: 'model-card.json'` in the app's own folder gives.
  'cdk-model-card-invalid': {
    run: () => {
      const dir = tempFiles({
        'model-card.json':
          '{\n  "image": { "repository": "ghcr.io/acme/llm-server" },\n  "runtime": { "cuda": "12.x" }\n}\n',
      });
      const stack = new Stack(new App(), 'Serving');
      return thrown(() => new ModelCard(stack, 'ModelCard', { file: join(dir, 'model-card.json') })).replace(
        /invalid model card \S*\/model-card\.json/,
        'invalid model card model-card.json',
      );
    },
  },
  'cdk-sidecar-misuse': {
    run: () =>
      [
        sidecarRefusal({}, {}, true),
        sidecarRefusal({ containerOptions: { essential: true } }),
        sidecarRefusal({ containerOptions: { gpuCount: 1 } }),
        sidecarRefusal({}, { entryPoint: undefined, command: undefined }),
      ].join(''),
  },
  'cdk-boot-probe-log': { run: bootLog },
};
