// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation writes deploy-time values as ${...} in plain strings
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocuments, parseJsonDocument } from '../../../core/loaders/documents';
import type { Workload } from '../../../core/model/workload';
import { workloadsFromCloudFormation } from '../../../core/workloads/cloudformation';
import { ECR_HOST_STAND_IN } from '../../../core/workloads/ecs-image';
import { expectInputError } from '../../harness/input-error';

const FIXTURES = join(__dirname, '../../fixtures/workloads');
const SYNTH = join(FIXTURES, 'cfn/cloud-assembly/LlmServiceStack.template.json');

function jsonTemplate(file: string): Workload[] {
  return workloadsFromCloudFormation(parseJsonDocument(readFileSync(file, 'utf8'), file));
}

describe('workloadsFromCloudFormation: a cdk synth template', () => {
  const workloads = jsonTemplate(SYNTH);
  const task = workloads[0]!;
  const [probe, app, logRouter] = task.containers;

  it('reads the task definition only, named by its family', () => {
    assert.equal(workloads.length, 1);
    assert.equal(task.kind, 'AWS::ECS::TaskDefinition');
    assert.equal(task.name, 'LlmServiceStackGpuTaskDef5E1C7A3B');
    assert.deepEqual(task.labels, { team: 'ml-platform' });
    assert.deepEqual(task.annotations, { 'aws:cdk:path': 'LlmServiceStack/GpuTaskDef/Resource' });
    assert.equal(task.origin.format, 'cloudformation');
    assert.equal(task.origin.logicalId, 'GpuTaskDef5E1C7A3B');
    assert.equal(task.origin.file, SYNTH);
    assert.equal(task.origin.line, 34);
    assert.equal(task.namespace, undefined);
  });

  it('reads container kinds from Essential and DependsOn', () => {
    assert.deepEqual(
      task.containers.map((c) => [c.kind, c.name]),
      [
        ['init', 'cuda-probe'],
        ['app', 'app'],
        ['app', 'log-router'],
      ],
    );
  });

  it('resolves images: asset unknown, ECR with a deploy-time host, literal', () => {
    assert.equal(probe!.image, undefined);
    assert.equal(probe!.imageUnknown, 'CDK asset image');
    assert.equal(app!.image, `${ECR_HOST_STAND_IN}/llm-server:2.3.0-cuda12.1`);
    assert.equal(app!.imageUnknown, undefined);
    assert.equal(logRouter!.image, 'docker.io/fluent/fluent-bit:3.1.4');
  });

  it('reads env, secrets as env, entry point as command, Command as args, and GPUs', () => {
    assert.deepEqual(
      app!.env.map(({ path, ...env }) => env),
      [
        { name: 'MODEL_ID', value: 'meta-llama/Llama-3.1-8B-Instruct' },
        { name: 'TOKENIZER_SHA', value: '5f0b02c75b57c5855da9ae460ce51323ea669d8a' },
        { name: 'AWS_REGION_NAME' },
        { name: 'HF_TOKEN', fromSecret: true },
        { name: 'OPENAI_API_KEY', fromSecret: true },
        { name: 'WANDB_API_KEY', fromSecret: true },
        { name: 'DB_PASSWORD', fromSecret: true },
      ],
    );
    assert.deepEqual(app!.command, [
      '/preflight/wrap',
      'python3',
      '-m',
      'vllm.entrypoints.openai.api_server',
    ]);
    assert.deepEqual(app!.args.slice(0, 2), ['--model', 'meta-llama/Llama-3.1-8B-Instruct']);
    assert.deepEqual(
      task.containers.map((c) => c.gpus),
      [0, 1, 0],
    );
  });

  it('reads every ECS secret reference, deploy-time parts in Fn::Sub syntax', () => {
    assert.deepEqual(
      task.secretRefs.map(({ path, ...ref }) => ref),
      [
        { name: '${HfToken7E0E5D4C}', via: 'secrets[].valueFrom', container: 'app' },
        {
          name: 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ml/openai-key',
          via: 'secrets[].valueFrom',
          container: 'app',
        },
        {
          name: 'arn:${AWS::Partition}:ssm:${AWS::Region}:${AWS::AccountId}:parameter/ml/wandb-key',
          via: 'secrets[].valueFrom',
          container: 'app',
        },
        {
          name: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:ml/db-AbCdEf:password::',
          via: 'secrets[].valueFrom',
          container: 'app',
        },
        {
          name: '/ml/splunk-token',
          via: 'logConfiguration.secretOptions[].valueFrom',
          container: 'log-router',
        },
        {
          name: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:dockerhub-creds-Xy12Zw',
          via: 'repositoryCredentials.credentialsParameter',
          container: 'log-router',
        },
      ],
    );
  });

  it('gives paths from the template root that origin.locate places', () => {
    const env = app!.env.find((e) => e.name === 'TOKENIZER_SHA')!;
    assert.deepEqual(env.path, [
      'Resources',
      'GpuTaskDef5E1C7A3B',
      'Properties',
      'ContainerDefinitions',
      1,
      'Environment',
      1,
    ]);
    assert.deepEqual(task.origin.locate!(env.path!), { file: SYNTH, line: 83, column: 8 });
    const ref = task.secretRefs.find((r) => r.via === 'repositoryCredentials.credentialsParameter')!;
    assert.equal(task.origin.locate!(ref.path!)?.line, 228);
  });

  it('reads a nested assembly template: Ref to a named ECR repository resolves, an unnamed one does not', () => {
    const [prod] = jsonTemplate(
      join(FIXTURES, 'cfn/cloud-assembly/assembly-Prod/ProdLlmStack.template.json'),
    );
    assert.deepEqual(
      prod!.containers.map((c) => [c.name, c.image, c.imageUnknown, c.gpus]),
      [
        ['app', `${ECR_HOST_STAND_IN}/llm-server:2.3.0-cuda12.1`, undefined, 2],
        ['worker', undefined, 'Ref to a resource', 0],
      ],
    );
  });
});

describe('workloadsFromCloudFormation: YAML with short-form tags', () => {
  const file = join(FIXTURES, 'cfn/task.yaml');
  const [task] = parseDocuments(readFileSync(file, 'utf8'), file).flatMap(workloadsFromCloudFormation);
  const byName = (name: string) => task!.containers.find((c) => c.name === name)!;

  it('names the task by its logical id when the family is computed', () => {
    assert.equal(task!.name, 'LlmTask');
    assert.equal(task!.origin.logicalId, 'LlmTask');
  });

  it('resolves !Sub images with a deploy-time ECR host and reports the others', () => {
    assert.equal(byName('server').image, `${ECR_HOST_STAND_IN}/llm-server:2.3.0-cuda12.1`);
    assert.deepEqual(
      ['tagged-by-parameter', 'from-getatt', 'host-parameter'].map((name) => [
        byName(name).image,
        byName(name).imageUnknown,
      ]),
      [
        [undefined, 'Ref to a parameter'],
        [undefined, 'Fn::GetAtt'],
        [undefined, 'Ref to a parameter'],
      ],
    );
    assert.equal(byName('literal').image, 'nvcr.io/nvidia/tritonserver:24.08-py3');
    assert.equal(byName('literal').kind, 'sidecar');
  });

  it('keeps env names, literal values only, and computed args in Fn::Sub syntax', () => {
    const server = byName('server');
    assert.deepEqual(
      server.env.map(({ path, ...env }) => env),
      [
        { name: 'PORT', value: '8000' },
        { name: 'STACK' },
        { name: 'JOINED', value: 'a-b' },
        { name: 'HF_TOKEN', fromSecret: true },
      ],
    );
    assert.deepEqual(server.args, ['--model', '${ModelId}', '--port', '8000']);
    assert.equal(server.gpus, 1);
    assert.deepEqual(
      task!.secretRefs.map((r) => r.name),
      ['arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ml/hf-token'],
    );
    assert.equal(task!.origin.locate!(server.env[2]!.path!)?.line, 30);
  });
});

describe('workloadsFromCloudFormation: wrong shapes', () => {
  const template = (containers: string) =>
    parseDocuments(
      `Resources:\n  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties:\n      ContainerDefinitions:\n${containers}`,
      't.yaml',
    ).flatMap(workloadsFromCloudFormation);

  it('names the field path and position', () => {
    const cases: [string, string][] = [
      [
        '        - Image: busybox\n',
        't.yaml:6:11: Resources.Task.Properties.ContainerDefinitions[0]: missing Name',
      ],
      ['        Name: app\n', 't.yaml:6:9: Resources.Task.Properties.ContainerDefinitions: expected a list'],
      [
        '        - Name: app\n          Secrets: [{Name: X}]\n',
        't.yaml:7:21: Resources.Task.Properties.ContainerDefinitions[0].Secrets[0]: missing ValueFrom',
      ],
      [
        '        - Name: app\n          Environment: [{Name: !Ref P, Value: x}]\n',
        't.yaml:7:37: Resources.Task.Properties.ContainerDefinitions[0].Environment[0].Name: expected a literal name, not an intrinsic function',
      ],
      [
        '        - Name: app\n          ResourceRequirements: [{Type: GPU, Value: many}]\n',
        't.yaml:7:53: Resources.Task.Properties.ContainerDefinitions[0].ResourceRequirements[0].Value: expected a whole number of GPUs',
      ],
    ];
    for (const [containers, expected] of cases) {
      assert.equal(expectInputError(() => template(containers)).describe(), expected, containers);
    }
  });

  it('names a JSON template entry without a Name', () => {
    const file = join(FIXTURES, 'bad/cfn-env-without-name.json');
    assert.equal(
      expectInputError(() => jsonTemplate(file)).describe(),
      `${file}:7:69: Resources.Task.Properties.ContainerDefinitions[0].Environment[0]: missing Name`,
    );
  });

  it('reads a task definition without containers as one without containers', () => {
    const [task] = parseDocuments('Resources:\n  T:\n    Type: AWS::ECS::TaskDefinition\n', 't.yaml').flatMap(
      workloadsFromCloudFormation,
    );
    assert.deepEqual(task!.containers, []);
  });
});
