import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { GpuBootProbe, ModelCard } from '../../constructs';
import { cudaVerdict } from '../../core/cuda/cuda-verdict';
import { type CudaVersion, cudaText, parseCudaVersion } from '../../core/cuda/cuda-version';
import { cudaDriverTable } from '../../core/cuda/driver-table';
import {
  compareDriverVersions,
  type DriverVersion,
  parseDriverVersion,
} from '../../core/cuda/driver-version';
import { usableDriverFloor } from '../../core/cuda/usable-driver-floor';
import { bootWithUserData } from '../harness/ecs-boot';
import { fakeRoot } from '../harness/fake-gpu-host';
import { nvidiaFixture } from '../harness/nvidia-fixtures';
import { CARD, cardFiles } from './cards';

const files = cardFiles({ card: CARD });

function gpuCapacity(
  machineImage: ec2.IMachineImage = ecs.EcsOptimizedImage.amazonLinux2023(ecs.AmiHardwareType.GPU),
) {
  const stack = new Stack(new App(), 'Serving');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 });
  const group = new autoscaling.AutoScalingGroup(stack, 'Gpu', {
    vpc,
    instanceType: new ec2.InstanceType('g5.xlarge'),
    machineImage,
  });
  return { stack, group };
}

/** Usable as the probe decides: it runs, fully or by minor-version compatibility. */
function probeSaysUsable(driver: DriverVersion, cuda: CudaVersion): boolean {
  const { verdict } = cudaVerdict({ state: 'found', version: driver, source: 'test' }, cuda);
  return verdict === 'compatible' || verdict === 'minor-version-compatible';
}

describe('usableDriverFloor', () => {
  it('agrees with the probe’s verdict for every CUDA of the table and every driver around its rows', () => {
    const table = cudaDriverTable();
    const drivers = [...table.minors.map((row) => row.minDriver), ...table.mvcFloors.values()].flatMap(
      (driver) => {
        const below = [...driver.parts];
        const last = below.length - 1;
        if (below[last]! > 0) below[last]! -= 1;
        else below[0]! -= 1;
        return [driver, parseDriverVersion(below.join('.'))!];
      },
    );
    drivers.push(parseDriverVersion('999.99')!, parseDriverVersion('390.157')!);
    const cudas = [
      ...table.minors.map((row) => row.cuda),
      parseCudaVersion('12.7')!,
      parseCudaVersion('13.9')!,
    ];
    for (const cuda of cudas) {
      const floor = usableDriverFloor(cuda);
      for (const driver of drivers) {
        assert.equal(
          compareDriverVersions(driver, floor) >= 0,
          probeSaysUsable(driver, cuda),
          `CUDA ${cudaText(cuda)} on driver ${driver.raw} (floor ${floor.raw})`,
        );
      }
    }
  });

  it('fails for a CUDA older than the table or newer with no floor', () => {
    assert.throws(
      () => usableDriverFloor(parseCudaVersion('10.2')!),
      /CUDA 10\.2 is older than the driver table \(from 11\.0\)/,
    );
    assert.throws(
      () => usableDriverFloor(parseCudaVersion('14.0')!),
      /CUDA 14\.0 is newer than the driver table/,
    );
  });
});

describe('GpuBootProbe', () => {
  it('adds the driver check to the GPU capacity’s user data, with the floor decided at synth', () => {
    const { stack, group } = gpuCapacity();
    const card = new ModelCard(stack, 'Card', { file: files.card });
    const probe = new GpuBootProbe(stack, 'BootProbe', { autoScalingGroup: group, modelCard: card });
    assert.equal(probe.requiredCuda, '12.4');
    assert.equal(probe.minimumDriver, '525.60.13');
    assert.equal(probe.attribute, 'preflight-guard.cuda-12.4');
    const userData = group.userData.render();
    assert.match(userData, /^#!\/bin\/bash\n/);
    assert.match(
      userData,
      /# preflight-guard boot probe \(Serving\/BootProbe\): CUDA 12\.4 runs on NVIDIA driver 525\.60\.13 or newer/,
    );
    assert.match(userData, /ECS_ENABLE_GPU_SUPPORT=true >> \/etc\/ecs\/ecs\.config/);
  });

  it('places a task definition only on instances whose driver runs the CUDA', () => {
    const { stack, group } = gpuCapacity();
    const probe = new GpuBootProbe(stack, 'BootProbe', { autoScalingGroup: group, requiredCuda: '12.4.1' });
    const task = new ecs.Ec2TaskDefinition(stack, 'Task');
    task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('busybox'), memoryLimitMiB: 64 });
    probe.constrain(task);
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      PlacementConstraints: [
        { Type: 'memberOf', Expression: 'attribute:preflight-guard.cuda-12.4 == usable' },
      ],
    });
  });

  const cases: [string, () => string, string, 'usable' | 'unusable', string][] = [
    [
      'a /proc driver too old',
      () => fakeRoot({ proc: nvidiaFixture('proc-driver-nvidia-version__470.223.02__proprietary.txt') }),
      '12.4',
      'unusable',
      '470.223.02',
    ],
    [
      'a /proc driver by minor-version compatibility',
      () => fakeRoot({ proc: nvidiaFixture('proc-driver-nvidia-version__525.105.17__proprietary.txt') }),
      '12.4',
      'usable',
      '525.105.17',
    ],
    [
      'an open-kernel /proc driver',
      () =>
        fakeRoot({
          proc: 'NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  575.57.08  Release Build  (dvs-builder@U16-I3-B03-4-3)  Thu May 22 00:00:00 UTC 2025\n',
        }),
      '13.0',
      'unusable',
      '575.57.08',
    ],
    [
      'a /sys driver new enough',
      () => fakeRoot({ sys: nvidiaFixture('sys-module-nvidia-version__DERIVED-example.txt') }),
      '13.0',
      'usable',
      '580.95.05',
    ],
    ['no driver at all', () => fakeRoot({}), '12.4', 'unusable', 'none'],
    [
      'a /sys file that is not a version',
      () => fakeRoot({ sys: '580.95.05-beta\n' }),
      '12.4',
      'unusable',
      'none',
    ],
  ];
  for (const [name, host, cuda, expected, driver] of cases) {
    it(`registers an instance with ${name} as ${expected === 'usable' ? 'GPU' : 'CPU'} capacity for CUDA ${cuda} (emulated boot)`, () => {
      const { stack, group } = gpuCapacity();
      new GpuBootProbe(stack, 'BootProbe', { autoScalingGroup: group, requiredCuda: cuda });
      const lines = group.userData.render().split('\n').slice(1);
      const { config, stdout } = bootWithUserData(lines, host());
      assert.equal(
        config,
        `ECS_CLUSTER=serving\nECS_ENABLE_GPU_SUPPORT=${expected === 'usable'}\nECS_INSTANCE_ATTRIBUTES={"preflight-guard.cuda-${cuda}":"${expected}"}\n`,
      );
      const floor = usableDriverFloor(parseCudaVersion(cuda)!).raw;
      assert.equal(
        stdout,
        `preflight-guard boot probe: driver ${driver}, CUDA ${cuda} needs ${floor}: ${expected}\n`,
      );
    });
  }

  it('fails without a required CUDA', () => {
    const { stack, group } = gpuCapacity();
    assert.throws(
      () => new GpuBootProbe(stack, 'BootProbe', { autoScalingGroup: group }),
      /^Error: Serving\/BootProbe: no required CUDA: give modelCard \(with runtime\.cuda\) or requiredCuda$/,
    );
  });

  it('fails on a required CUDA that is not a version, or that no driver is known to run', () => {
    const { stack, group } = gpuCapacity();
    assert.throws(
      () => new GpuBootProbe(stack, 'Bad', { autoScalingGroup: group, requiredCuda: 'latest' }),
      /Serving\/Bad: required CUDA is "latest", expected a version such as 12\.4/,
    );
    assert.throws(
      () => new GpuBootProbe(stack, 'Future', { autoScalingGroup: group, requiredCuda: '14.0' }),
      /Serving\/Future: CUDA 14\.0 is newer than the driver table/,
    );
    assert.doesNotMatch(group.userData.render(), /preflight-guard/);
  });

  it('fails on Windows capacity', () => {
    const { stack, group } = gpuCapacity(
      ec2.MachineImage.latestWindows(ec2.WindowsVersion.WINDOWS_SERVER_2022_ENGLISH_FULL_BASE),
    );
    assert.throws(
      () => new GpuBootProbe(stack, 'BootProbe', { autoScalingGroup: group, requiredCuda: '12.4' }),
      /the boot check is a Linux shell script: got an auto scaling group of WINDOWS instances, expected LINUX/,
    );
  });
});
