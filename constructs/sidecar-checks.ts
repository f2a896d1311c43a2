import { Token } from 'aws-cdk-lib';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { parseCudaVersion } from '../core/cuda/cuda-version';
import { PROBE_USER } from '../core/model/probe-layout';
import type { ModelCard } from './model-card';

// What RuntimeProbeSidecar checks before it changes anything: each misuse is an error in words.

/** The `node` user of `node:24-alpine`. */
const DEFAULT_USER = `${PROBE_USER}:${PROBE_USER}`;

/** Container options the construct leaves to you; the ones it sets itself have their own props. */
export type ProbeContainerOptions = Omit<
  ecs.ContainerDefinitionOptions,
  'image' | 'containerName' | 'memoryLimitMiB' | 'logging' | 'secrets'
>;

export function gpusOf(app: ecs.CfnTaskDefinition.ContainerDefinitionProperty): number {
  const requirements = Array.isArray(app.resourceRequirements) ? app.resourceRequirements : [];
  let gpus = 0;
  for (const requirement of requirements) {
    if (Token.isUnresolved(requirement)) continue;
    const { type, value } = requirement as ecs.CfnTaskDefinition.ResourceRequirementProperty;
    // A count only deployment decides still asks for a GPU.
    if (type === 'GPU') gpus += Number(value) || 1;
  }
  return gpus;
}

function compatibilities(taskDefinition: ecs.TaskDefinition): string {
  const names = [
    taskDefinition.isEc2Compatible && 'EC2',
    taskDefinition.isFargateCompatible && 'FARGATE',
    taskDefinition.isExternalCompatible && 'EXTERNAL',
    taskDefinition.isManagedInstancesCompatible && 'MANAGED_INSTANCES',
  ].filter(Boolean);
  return names.join(' and ') || 'none';
}

export function checkCompatibility(
  taskDefinition: ecs.TaskDefinition,
  appName: string,
  gpus: number,
  fail: (message: string) => never,
): void {
  const given = compatibilities(taskDefinition);
  if (gpus > 0 && taskDefinition.isFargateCompatible) {
    fail(
      `the app container ${appName} requests ${gpus} GPU${gpus === 1 ? '' : 's'} on a task definition compatible with ${given}: Fargate offers no GPUs, expected EC2 only (an Ec2TaskDefinition on GPU capacity)`,
    );
  }
  if (!taskDefinition.isEc2Compatible || taskDefinition.isFargateCompatible) {
    fail(
      `the runtime probe needs a task definition compatible with EC2 only (it mounts host folders to read the driver), got ${given}`,
    );
  }
}

/** Checks the options a user may pass and returns the probe's user as text and numbers. */
export function checkedProbeOptions(
  options: ProbeContainerOptions,
  fail: (message: string) => never,
): { text: string; uid: string; gid: string } {
  if (options.essential === true) {
    fail(
      'the probe container must not be essential: got essential: true, expected false (the app waits for it to exit with SUCCESS, which ECS allows only on a non-essential container)',
    );
  }
  if (options.gpuCount !== undefined && options.gpuCount > 0) {
    fail(
      `the probe reads the host driver through /proc and /sys and needs no GPU: got gpuCount: ${options.gpuCount}, expected none (a GPU given to the probe is pinned to it and taken from the app)`,
    );
  }
  if (options.readonlyRootFilesystem === false) {
    fail(
      'the probe runs with a read-only root file system: got readonlyRootFilesystem: false, expected true',
    );
  }
  if (options.entryPoint !== undefined || options.command !== undefined) {
    fail('the probe container runs the probe script: got entryPoint or command, expected neither');
  }
  const text = options.user ?? DEFAULT_USER;
  const [, uid, gid] = /^(\d+)(?::(\d+))?$/.exec(text) ?? [];
  if (uid === undefined) {
    fail(
      `the probe's user must be a numeric uid or uid:gid (it owns the shared volume), got ${JSON.stringify(text)}`,
    );
  }
  if (Number(uid) === 0)
    fail(`the probe runs as a non-root user: got user ${JSON.stringify(text)}, expected a uid other than 0`);
  return { text, uid: uid!, gid: gid ?? uid! };
}

/**
 * What the wrapper must exec: the app's entry point, else its command when that is a whole command
 * line (the image's own ENTRYPOINT, unknown at synth, is replaced by the wrapper).
 */
export function entryPointToWrap(
  appName: string,
  app: ecs.CfnTaskDefinition.ContainerDefinitionProperty,
  fail: (message: string) => never,
): string[] {
  const entryPoint = Array.isArray(app.entryPoint) ? app.entryPoint : [];
  const command = Array.isArray(app.command) ? app.command : [];
  if (entryPoint.length > 0) return entryPoint;
  if (command.length === 0) {
    fail(
      `the app container ${appName} has no command to wrap: got neither entryPoint nor command (only the image's own entrypoint, unknown at synth), expected the command line that starts the app`,
    );
  }
  const first = command[0]!;
  if (!Token.isUnresolved(first) && first.startsWith('-')) {
    fail(
      `the app container ${appName} has command ${JSON.stringify(command)}, which looks like arguments to the image's entrypoint: give entryPoint too (the wrapper replaces the image's entrypoint)`,
    );
  }
  return [];
}

export function requiredCudaOf(
  props: { requiredCuda?: string; modelCard?: ModelCard },
  fail: (message: string) => never,
): string {
  const card = props.modelCard;
  const fromCard = card?.requiredCuda;
  const given = props.requiredCuda ?? fromCard;
  if (given === undefined) {
    fail(
      card
        ? `model card ${card.source} has no runtime.cuda: give requiredCuda, or add runtime.cuda to the card`
        : 'no required CUDA: give modelCard (with runtime.cuda) or requiredCuda',
    );
  }
  const field =
    props.requiredCuda !== undefined ? 'requiredCuda' : `runtime.cuda of model card ${card!.source}`;
  const parsed = parseCudaVersion(given!);
  if (!parsed) fail(`${field} is ${JSON.stringify(given)}, expected a CUDA version such as 12.4`);
  const text = `${parsed!.major}.${parsed!.minor}`;
  if (props.requiredCuda !== undefined && fromCard !== undefined) {
    const carded = parseCudaVersion(fromCard);
    if (carded && `${carded.major}.${carded.minor}` !== text) {
      fail(
        `requiredCuda is ${props.requiredCuda} but model card ${card!.source} says runtime.cuda ${fromCard}: expected them to agree (or leave requiredCuda out)`,
      );
    }
  }
  return text;
}

/**
 * The app's position among the task definition's containers, which is its index in the rendered
 * ContainerDefinitions (rendered in that order; containers are only ever appended). Read through the
 * protected `containers` getter: resolving the rendered list here would cache it without the probe.
 */
export function containerIndex(
  taskDefinition: ecs.TaskDefinition,
  container: ecs.ContainerDefinition,
  fail: (message: string) => never,
): number {
  const { containers } = taskDefinition as unknown as { containers: readonly ecs.ContainerDefinition[] };
  const index = containers.indexOf(container);
  if (index < 0)
    fail(`the app container ${container.containerName} is not among the task definition's containers`);
  return index;
}
