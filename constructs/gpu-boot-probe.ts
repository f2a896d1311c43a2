import type * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { cudaText, parseCudaVersion } from '../core/cuda/cuda-version';
import { usableDriverFloor } from '../core/cuda/usable-driver-floor';
import type { ModelCard } from './model-card';

/** The ECS agent's config file on the ECS-optimized Amazon Linux AMIs. */
const ECS_CONFIG = '/etc/ecs/ecs.config';

export interface GpuBootProbeProps {
  /** The GPU capacity (an ECS-optimized Amazon Linux GPU AMI): its user data gets the check. */
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /**
   * The model card whose `runtime.cuda` the instances must be able to run.
   * @default - no card: `requiredCuda` must be given
   */
  readonly modelCard?: ModelCard;
  /**
   * The CUDA the app's image is built for (`12.4`).
   * @default - the model card's `runtime.cuda`
   */
  readonly requiredCuda?: string;
}

/**
 * The CUDA check at instance boot: user data reads the host driver version (/sys/module/nvidia/version,
 * else /proc/driver/nvidia/version) before the ECS agent starts and compares it with the lowest driver
 * that runs the app's CUDA (NVIDIA's table, the probe's own rule, decided at synth). A usable driver
 * enables the agent's GPU support; any other instance registers as CPU capacity (no GPUs offered),
 * and carries the attribute `preflight-guard.cuda-<X.Y>` = `usable | unusable` that `constrain()`
 * places GPU task definitions by.
 */
export class GpuBootProbe extends Construct {
  /** The CUDA checked, major.minor. */
  readonly requiredCuda: string;
  /** The lowest driver that runs it. */
  readonly minimumDriver: string;
  /** The ECS instance attribute the check sets. */
  readonly attribute: string;

  constructor(scope: Construct, id: string, props: GpuBootProbeProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const group = props.autoScalingGroup;
    if (group.osType !== ec2.OperatingSystemType.LINUX) {
      fail(
        `the boot check is a Linux shell script: got an auto scaling group of ${ec2.OperatingSystemType[group.osType]} instances, expected LINUX`,
      );
    }
    const given = props.requiredCuda ?? props.modelCard?.requiredCuda;
    if (given === undefined) {
      fail(
        props.modelCard
          ? `model card ${props.modelCard.source} has no runtime.cuda: give requiredCuda`
          : 'no required CUDA: give modelCard (with runtime.cuda) or requiredCuda',
      );
    }
    const cuda =
      parseCudaVersion(given!) ??
      fail(`required CUDA is ${JSON.stringify(given)}, expected a version such as 12.4`);
    this.requiredCuda = cudaText(cuda);
    try {
      this.minimumDriver = usableDriverFloor(cuda).raw;
    } catch (error) {
      throw new Error(`${this.node.path}: ${(error as Error).message}`);
    }
    this.attribute = `preflight-guard.cuda-${this.requiredCuda}`;
    group.addUserData(
      ...bootCheckLines(this.node.path, this.requiredCuda, this.minimumDriver, this.attribute),
    );
  }

  /** Places a task definition's tasks only on instances whose driver runs the CUDA. */
  constrain(taskDefinition: ecs.TaskDefinition): void {
    taskDefinition.addPlacementConstraint(
      ecs.PlacementConstraint.memberOf(`attribute:${this.attribute} == usable`),
    );
  }
}

/**
 * The user data lines (bash on the ECS AMIs; POSIX sh is enough). Values are fixed at synth and
 * version-shaped, so the only thing read at boot is the driver version, checked against a pattern.
 */
export function bootCheckLines(path: string, cuda: string, floor: string, attribute: string): string[] {
  const versionFromProc =
    'awk \'/^NVRM version:/ { sub(/.*Kernel Module/, ""); for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+[.][0-9]+([.][0-9]+)?$/) { print $i; exit } }\' /proc/driver/nvidia/version 2>/dev/null';
  return [
    `# preflight-guard boot probe (${path}): CUDA ${cuda} runs on NVIDIA driver ${floor} or newer`,
    "preflight_driver=$(cat /sys/module/nvidia/version 2>/dev/null | tr -d '[:space:]')",
    `[ -n "$preflight_driver" ] || preflight_driver=$(${versionFromProc})`,
    'case "$preflight_driver" in *[!0-9.]*) preflight_driver= ;; esac',
    `if [ -n "$preflight_driver" ] && [ "$(printf '%s\\n' '${floor}' "$preflight_driver" | sort -V | head -n 1)" = '${floor}' ]; then preflight_cuda=usable; else preflight_cuda=unusable; fi`,
    `if [ "$preflight_cuda" = usable ]; then echo ECS_ENABLE_GPU_SUPPORT=true >> ${ECS_CONFIG}; else echo ECS_ENABLE_GPU_SUPPORT=false >> ${ECS_CONFIG}; fi`,
    `echo "ECS_INSTANCE_ATTRIBUTES={\\"${attribute}\\":\\"$preflight_cuda\\"}" >> ${ECS_CONFIG}`,
    `echo "preflight-guard boot probe: driver \${preflight_driver:-none}, CUDA ${cuda} needs ${floor}: $preflight_cuda"`,
  ];
}
