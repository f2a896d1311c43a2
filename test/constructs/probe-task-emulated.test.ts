import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ModelCard, ProbeMode, RuntimeProbeSidecar } from '../../constructs';
import { probeImageContext } from '../../constructs/probe-image';
import { fakeRoot } from '../harness/fake-gpu-host';
import { nvidiaFixture } from '../harness/nvidia-fixtures';
import { tempFiles } from '../harness/temp-files';
import { CARD, cardFiles } from './cards';

const files = cardFiles({ card: CARD });

/** The app prints what the wrapper gave it: the device and CUDA_VISIBLE_DEVICES (or `unset`). */
const APP_COMMAND = [
  'sh',
  '-c',
  'echo "device=${PREFLIGHT_DEVICE-unset} visible=[${CUDA_VISIBLE_DEVICES-unset}]"',
];

interface Task {
  probe: string[];
  app: string[];
}

/** The synthesized probe and app command lines (entry point, then command), as ECS would run them. */
function synthesizedTask(mode: ProbeMode): Task {
  const stack = new Stack(new App(), 'Serving');
  const task = new ecs.Ec2TaskDefinition(stack, 'Task');
  const app = task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/llm-server:2.4.0-cu124'),
    memoryLimitMiB: 4096,
    gpuCount: 1,
    command: APP_COMMAND,
  });
  const modelCard = new ModelCard(stack, 'Card', { file: files.card });
  new RuntimeProbeSidecar(stack, 'Probe', {
    taskDefinition: task,
    appContainer: app,
    modelCard,
    mode,
    image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/preflight-probe:0.1.0'),
  });
  const [resource] = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
  const definitions = resource!.Properties.ContainerDefinitions as {
    Name: string;
    EntryPoint?: string[];
    Command?: string[];
  }[];
  const line = (name: string) => {
    const definition = definitions.find((candidate) => candidate.Name === name)!;
    return [...(definition.EntryPoint ?? []), ...(definition.Command ?? [])];
  };
  return { probe: line('preflight-probe'), app: line('app') };
}

/**
 * Emulation of the ECS task on one host: the container paths are folders here (the image's
 * /opt/preflight is the built image context, /run/preflight a temp folder as the task volume, /host a
 * fake host root); the probe runs first and the app only if it exited 0, as with a SUCCESS dependency.
 */
function runTask(task: Task, host: string) {
  const volume = tempFiles({});
  const paths: [string, string][] = [
    ['/opt/preflight', probeImageContext()],
    ['/run/preflight', volume],
    ['/host', host],
  ];
  const local = (words: string[]) =>
    words.map((word) => paths.reduce((text, [from, to]) => text.split(from).join(to), word));
  const env = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin` };
  const [probeCommand, ...probeArgs] = local(task.probe);
  const probe = spawnSync(probeCommand!, probeArgs, { encoding: 'utf8', env });
  if (probe.status !== 0) return { probe, volume };
  const [appCommand, ...appArgs] = local(task.app);
  const app = spawnSync(appCommand!, appArgs, { encoding: 'utf8', env });
  return { probe, app, volume };
}

const OLD_DRIVER = () =>
  fakeRoot({ proc: nvidiaFixture('proc-driver-nvidia-version__470.223.02__proprietary.txt') });
const NEW_DRIVER = () => fakeRoot({ sys: nvidiaFixture('sys-module-nvidia-version__DERIVED-example.txt') });

describe('the synthesized probe and app, run as one ECS task (emulated)', () => {
  it('starts the app in CPU safe mode on a driver too old for the card’s CUDA (fallback, emulated)', () => {
    const { probe, app, volume } = runTask(synthesizedTask(ProbeMode.FALLBACK), OLD_DRIVER());
    assert.equal(probe.status, 0, probe.stderr);
    assert.match(probe.stderr, /driver 470\.223\.02 supports CUDA up to 11\.4; the app needs 12\.4/);
    assert.equal(app?.status, 0, app?.stderr);
    assert.equal(app?.stdout, 'device=cpu visible=[]\n');
    const status = JSON.parse(readFileSync(`${volume}/status.json`, 'utf8'));
    assert.equal(status.action, 'cpu-fallback');
    assert.equal(
      readFileSync(`${volume}/with-preflight-env`, 'utf8'),
      readFileSync(`${probeImageContext()}/with-preflight-env`, 'utf8'),
    );
  });

  it('starts the app on the GPU when the driver supports the card’s CUDA (emulated)', () => {
    const { probe, app } = runTask(synthesizedTask(ProbeMode.FALLBACK), NEW_DRIVER());
    assert.equal(probe.status, 0, probe.stderr);
    assert.equal(app?.stdout, 'device=gpu visible=[unset]\n');
  });

  it('never starts the app on a driver too old in strict mode: the probe exits 1 (emulated)', () => {
    const { probe, app } = runTask(synthesizedTask(ProbeMode.STRICT), OLD_DRIVER());
    assert.equal(probe.status, 1);
    assert.equal(app, undefined);
  });
});
