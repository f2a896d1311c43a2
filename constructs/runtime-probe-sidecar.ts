import { Annotations, type CfnResource, type Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { wrappedCommand } from '../core/model/probe-layout';
import type { ModelCard } from './model-card';
import { HOST_ROOT, PREFLIGHT_DIR, probeScript } from './probe-command-line';
import { RuntimeProbeImage } from './probe-image';
import { ProbeMode } from './probe-mode';
import {
  checkCompatibility,
  checkedProbeOptions,
  containerIndex,
  entryPointToWrap,
  gpusOf,
  type ProbeContainerOptions,
  requiredCudaOf,
} from './sidecar-checks';

export type { ProbeContainerOptions };

/** Task definition Metadata naming the probe container; the plugin and `preflight check` may read it. */
export const RUNTIME_PROBE_METADATA = 'preflight-guard.dev/runtime-probe';

/** The shared volume (in memory, owned by the probe's user) and the host folders the probe reads. */
export const PROBE_VOLUME = 'preflight-run';
const HOST_VOLUMES = [
  { name: 'preflight-host-proc-driver', sourcePath: '/proc/driver' },
  { name: 'preflight-host-sys-module', sourcePath: '/sys/module' },
];

const DEFAULT_SECRET_TIMEOUT_MS = 90_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface RuntimeProbeSidecarProps {
  /** The app's task definition: EC2 capacity only (host volumes; GPUs are not offered on Fargate). */
  readonly taskDefinition: ecs.TaskDefinition;
  /** The app container the probe guards: it starts after the probe succeeded, through the env wrapper. */
  readonly appContainer: ecs.ContainerDefinition;
  /**
   * The model card whose `runtime.cuda` is the CUDA the app is built for; the task definition is
   * bound to it.
   * @default - no card: `requiredCuda` must be given
   */
  readonly modelCard?: ModelCard;
  /**
   * The CUDA the app's image is built for (`12.4`); must agree with the card's `runtime.cuda` when both are given.
   * @default - the model card's `runtime.cuda`
   */
  readonly requiredCuda?: string;
  /**
   * What happens when the host driver cannot run that CUDA.
   * @default ProbeMode.FALLBACK
   */
  readonly mode?: ProbeMode;
  /**
   * Secrets to wait for before the app starts, by env name: given to the probe container (ECS injects
   * them), which checks each is present and not empty, never reading or printing a value.
   * @default - no secret checkpoint
   */
  readonly secrets?: Record<string, ecs.Secret>;
  /**
   * How long the probe waits for `secrets` before it fails naming the missing ones.
   * @default Duration.seconds(90)
   */
  readonly secretTimeout?: Duration;
  /**
   * The probe's image; any image with the bundle and the wrapper under /opt/preflight and a POSIX sh.
   * @default RuntimeProbeImage.fromAsset()
   */
  readonly image?: ecs.ContainerImage;
  /** @default 'preflight-probe' */
  readonly containerName?: string;
  /** @default 128 */
  readonly memoryLimitMiB?: number;
  /**
   * The probe's own log driver.
   * @default - awslogs to a log group of its own, one month retention, stream prefix `preflight-probe`
   */
  readonly logging?: ecs.LogDriver;
  /**
   * Any other container option (cpu, environment, docker labels, ...). Options that break the probe's
   * contract are rejected: `essential: true`, `gpuCount`, `readonlyRootFilesystem: false`, a root or
   * non-numeric `user`, `entryPoint` or `command`.
   * @default - none
   */
  readonly containerOptions?: ProbeContainerOptions;
}

/**
 * Attaches the runtime probe to a GPU app on ECS/EC2: a non-essential, non-root container with a
 * read-only root file system that reads the host's NVIDIA driver version (host /proc/driver and
 * /sys/module, mounted read-only: no GPU of its own), checks it against the CUDA the app is built for,
 * waits for secrets, and writes an env file to a volume shared with the app. The app depends on it
 * with SUCCESS and starts through the env wrapper, so CPU fallback takes effect.
 */
export class RuntimeProbeSidecar extends Construct {
  /** The probe container. */
  readonly container: ecs.ContainerDefinition;
  /** The probe's log group, when it made one. */
  readonly logGroup?: logs.LogGroup;
  /** The CUDA the probe checks the host driver against, major.minor. */
  readonly requiredCuda: string;
  readonly mode: ProbeMode;

  constructor(scope: Construct, id: string, props: RuntimeProbeSidecarProps) {
    super(scope, id);
    // Every check comes before the first change: a misuse leaves the task definition as it was.
    const { taskDefinition, appContainer } = props;
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if (appContainer.taskDefinition !== taskDefinition) {
      fail(
        `the app container ${appContainer.node.path} belongs to task definition ${appContainer.taskDefinition.node.path}, expected ${taskDefinition.node.path}`,
      );
    }
    const app = appContainer.renderContainerDefinition();
    checkCompatibility(taskDefinition, appContainer.containerName, gpusOf(app), fail);
    const options = props.containerOptions ?? {};
    const user = checkedProbeOptions(options, fail);
    const containerName = props.containerName ?? 'preflight-probe';
    const resource = taskDefinition.node.defaultChild as CfnResource;
    const attached = resource.getMetadata(RUNTIME_PROBE_METADATA);
    if (attached !== undefined) {
      fail(`task definition ${taskDefinition.node.path} already has a runtime probe (container ${attached})`);
    }
    if (taskDefinition.findContainer(containerName)) {
      fail(`task definition ${taskDefinition.node.path} already has a container named ${containerName}`);
    }
    if (appContainer.mountPoints.some((mount) => mount.containerPath === PREFLIGHT_DIR)) {
      fail(
        `the app container ${appContainer.containerName} already mounts ${PREFLIGHT_DIR}, where the probe's volume goes`,
      );
    }
    const entryPoint = entryPointToWrap(appContainer.containerName, app, fail);
    this.requiredCuda = requiredCudaOf(props, fail);
    this.mode = props.mode ?? ProbeMode.FALLBACK;
    const secretNames = Object.keys(props.secrets ?? {});
    const badName = secretNames.find((name) => !ENV_NAME.test(name));
    if (badName !== undefined) {
      fail(`secret name ${JSON.stringify(badName)} is not an environment variable name (letters, digits, _)`);
    }
    const timeoutMs = props.secretTimeout?.toMilliseconds() ?? DEFAULT_SECRET_TIMEOUT_MS;
    if (props.secretTimeout !== undefined && secretNames.length === 0) {
      fail(
        `secretTimeout is ${props.secretTimeout.toHumanString()} but there are no secrets to wait for: give secrets too`,
      );
    }
    if (!(timeoutMs > 0)) fail(`secretTimeout must be longer than zero, got ${timeoutMs} ms`);
    const appIndex = containerIndex(taskDefinition, appContainer, fail);

    taskDefinition.addVolume({
      name: PROBE_VOLUME,
      // In memory and owned by the probe's user: a task bind mount would be root's, and the probe is not root.
      dockerVolumeConfiguration: {
        scope: ecs.Scope.TASK,
        driver: 'local',
        driverOpts: {
          type: 'tmpfs',
          device: 'tmpfs',
          o: `size=1m,uid=${user.uid},gid=${user.gid},mode=0755`,
        },
      },
    });
    for (const volume of HOST_VOLUMES) {
      taskDefinition.addVolume({ name: volume.name, host: { sourcePath: volume.sourcePath } });
    }
    if (!props.logging) {
      this.logGroup = new logs.LogGroup(this, 'LogGroup', { retention: logs.RetentionDays.ONE_MONTH });
    }
    this.container = new ecs.ContainerDefinition(this, 'Container', {
      ...options,
      taskDefinition,
      containerName,
      image: props.image ?? RuntimeProbeImage.fromAsset(),
      essential: false,
      user: user.text,
      readonlyRootFilesystem: true,
      memoryLimitMiB: props.memoryLimitMiB ?? 128,
      logging:
        props.logging ?? ecs.LogDrivers.awsLogs({ streamPrefix: 'preflight-probe', logGroup: this.logGroup }),
      secrets: props.secrets,
      entryPoint: ['/bin/sh', '-c'],
      command: [
        probeScript({
          mode: this.mode,
          requiredCuda: this.requiredCuda,
          secretNames,
          secretTimeoutMs: timeoutMs,
        }),
      ],
    });
    this.container.addMountPoints(
      { sourceVolume: PROBE_VOLUME, containerPath: PREFLIGHT_DIR, readOnly: false },
      ...HOST_VOLUMES.map((volume) => ({
        sourceVolume: volume.name,
        containerPath: `${HOST_ROOT}${volume.sourcePath}`,
        readOnly: true,
      })),
    );
    appContainer.addMountPoints({ sourceVolume: PROBE_VOLUME, containerPath: PREFLIGHT_DIR, readOnly: true });
    appContainer.addContainerDependencies({
      container: this.container,
      condition: ecs.ContainerDependencyCondition.SUCCESS,
    });
    // ContainerDefinition has no setter for its entry point: the L1 escape hatch, at the app's index.
    resource.addPropertyOverride(`ContainerDefinitions.${appIndex}.EntryPoint`, wrappedCommand(entryPoint));
    resource.addMetadata(RUNTIME_PROBE_METADATA, containerName);
    props.modelCard?.bind(taskDefinition);
    if (gpusOf(app) === 0) {
      Annotations.of(this).addWarningV2(
        'preflight-guard:probe-without-gpu',
        `the app container ${appContainer.containerName} requests no GPU (gpuCount): the CUDA check guards nothing until it does`,
      );
    }
  }
}
