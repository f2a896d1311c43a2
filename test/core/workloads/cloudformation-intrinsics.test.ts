// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation writes deploy-time values as ${...} in plain strings
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { parseDocuments } from '../../../core/loaders/documents';
import { parseTemplateJson } from '../../../core/loaders/template-json';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import { type Workload, workloadTarget } from '../../../core/model/workload';
import { workloadsFromCloudFormation } from '../../../core/workloads/cloudformation';
import { literalText, subText, templateString } from '../../../core/workloads/template-string';
import { card } from '../../harness/workloads';

const FILE = join(__dirname, '../../fixtures/workloads/cfn-intrinsics/gpu-optional.yaml');
const TEXT = readFileSync(FILE, 'utf8');

function yamlWorkloads(): Workload[] {
  const [doc] = parseDocuments(TEXT, FILE);
  return workloadsFromCloudFormation(doc!);
}

const byTarget = (workloads: Workload[]) => new Map(workloads.map((w) => [workloadTarget(w), w]));
const GPU_TOKEN = 'AWS::ECS::TaskDefinition ServerTask (when condition UseGPU, when condition HasHfToken)';
const CPU_BARE = 'AWS::ECS::TaskDefinition ServerTask (unless condition UseGPU, unless condition HasHfToken)';

describe('CloudFormation intrinsics where a value or a list may stand (hand-written YAML template)', () => {
  const workloads = yamlWorkloads();
  const targets = byTarget(workloads);

  it('reads a task definition with Fn::If once per combination of its conditions, each named by them', () => {
    assert.deepEqual(
      [...targets.keys()],
      [
        'AWS::ECS::TaskDefinition ServerTask (when condition UseGPU, when condition HasHfToken)',
        'AWS::ECS::TaskDefinition ServerTask (unless condition UseGPU, when condition HasHfToken)',
        'AWS::ECS::TaskDefinition ServerTask (when condition UseGPU, unless condition HasHfToken)',
        'AWS::ECS::TaskDefinition ServerTask (unless condition UseGPU, unless condition HasHfToken)',
        'AWS::ECS::TaskDefinition WorkerTask',
      ],
    );
    for (const workload of workloads)
      assert.equal(workload.origin.logicalId, workload.name === 'llm-worker' ? 'WorkerTask' : 'ServerTask');
  });

  it('reads both branches of ResourceRequirements, Image and an Environment entry; AWS::NoValue is dropped', () => {
    const gpu = targets.get(GPU_TOKEN)!.containers[0]!;
    const cpu = targets.get(CPU_BARE)!.containers[0]!;
    assert.equal(gpu.gpus, 1, 'a GPU count from a parameter still asks for a GPU');
    assert.equal(cpu.gpus, 0);
    assert.equal(gpu.image, 'vllm/vllm-openai:v0.6.3');
    assert.equal(cpu.image, 'vllm/vllm-openai-cpu:v0.6.3');
    assert.deepEqual(
      gpu.env.filter((env) => env.name === 'CUDA_VERSION').map(({ value, path }) => ({ value, path })),
      [
        {
          value: '12.8',
          path: [
            'Resources',
            'ServerTask',
            'Properties',
            'ContainerDefinitions',
            0,
            'Environment',
            3,
            'Fn::If',
            1,
          ],
        },
      ],
    );
    assert.ok(!cpu.env.some((env) => env.name === 'CUDA_VERSION'));
    const cudaAt = targets.get(GPU_TOKEN)!.origin.locate!(gpu.env[3]!.path!);
    assert.equal(cudaAt?.line, TEXT.split('\n').findIndex((line) => line.includes('Name: CUDA_VERSION')) + 1);
  });

  it('reads Secrets given by Fn::If, at the branch as written', () => {
    const withToken = targets.get(GPU_TOKEN)!;
    assert.deepEqual(
      withToken.secretRefs.map(({ name, path }) => ({ name, path })),
      [
        {
          name: 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:ml/hf-token',
          path: [
            'Resources',
            'ServerTask',
            'Properties',
            'ContainerDefinitions',
            0,
            'Secrets',
            'Fn::If',
            1,
            0,
            'ValueFrom',
          ],
        },
      ],
    );
    assert.deepEqual(targets.get(CPU_BARE)!.secretRefs, []);
  });

  it('resolves Fn::Select and Fn::Split of literals; imports and dynamic references stay unknown', () => {
    const server = targets.get(GPU_TOKEN)!.containers[0]!;
    const env = Object.fromEntries(
      server.env.map(({ name, value, fromSecret }) => [name, { value, fromSecret }]),
    );
    assert.deepEqual(env.MODEL_ID, { value: 'meta-llama/Llama-3.1-8B-Instruct', fromSecret: undefined });
    assert.deepEqual(env.TOKENIZER_SHA, { value: undefined, fromSecret: undefined });
    // Dynamic references are fetched at deploy time; they may be secrets: tainted, never a value.
    for (const name of ['MODEL_REVISION', 'DB_PASSWORD', 'API_KEY']) {
      assert.deepEqual(env[name], { value: undefined, fromSecret: true }, name);
    }
    assert.deepEqual(server.args, ['--model', 'meta-llama/Llama-3.1-8B-Instruct', '--port', '8000']);
    const worker = targets.get('AWS::ECS::TaskDefinition WorkerTask')!.containers[0]!;
    assert.equal(worker.image, 'vllm/vllm-openai:v0.6.3');
    assert.deepEqual(worker.args, [
      '${ImportValue:llm-model-id}',
      '--revision',
      '{{resolve:ssm:/llm/model-revision}}',
      '--dtype',
      'auto',
    ]);
    assert.deepEqual(worker.env, [], 'Environment: !Ref AWS::NoValue is no environment');
  });

  it('reads the same template in its JSON form (long-form Fn::If) the same way', () => {
    const json = JSON.stringify(parseDocuments(TEXT, FILE)[0]!.value, null, 1);
    const fromJson = workloadsFromCloudFormation(parseTemplateJson(json, 'template.json'));
    assert.deepEqual(
      fromJson.map((w) => [workloadTarget(w), w.containers.map((c) => [c.image, c.gpus, c.env.length])]),
      workloads.map((w) => [workloadTarget(w), w.containers.map((c) => [c.image, c.gpus, c.env.length])]),
    );
  });

  it('checks each branch: a finding from one branch names its condition; what deployment decides is never a mismatch', () => {
    const cards = [
      card({
        model: {
          id: 'meta-llama/Llama-3.1-8B-Instruct',
          revision: '0e9e39f249a16976918f6564b8830bc894c89659',
        },
        tokenizer_sha: 'ad4c1b9',
        image: { repository: 'vllm/vllm-openai' },
        runtime: { cuda: '12.4' },
      }),
    ];
    const result = runCheck({ workloads, cards }, DEFAULT_CONFIG, '2026-12-06');
    // Notes say what nothing in the template states ("cannot verify"); the mismatches are the point here.
    const skew = result.findings.filter(
      (finding) => finding.rule === 'model-card-skew' && finding.severity !== 'note',
    );
    assert.deepEqual(
      skew.map((finding) => [finding.target, finding.source, finding.effective]),
      [
        [`${GPU_TOKEN} container server`, 'env CUDA_VERSION', '12.8'],
        // The CPU branch serves the card's model from another repository: bound by its model, a mismatch.
        [
          'AWS::ECS::TaskDefinition ServerTask (unless condition UseGPU, when condition HasHfToken) container server',
          'image reference',
          'vllm/vllm-openai-cpu',
        ],
        [
          'AWS::ECS::TaskDefinition ServerTask (when condition UseGPU, unless condition HasHfToken) container server',
          'env CUDA_VERSION',
          '12.8',
        ],
        [
          'AWS::ECS::TaskDefinition ServerTask (unless condition UseGPU, unless condition HasHfToken) container server',
          'image reference',
          'vllm/vllm-openai-cpu',
        ],
      ],
    );
    const text = JSON.stringify(result);
    assert.doesNotMatch(text, /SecretString|password|api-key:3/, 'a dynamic reference shows its name only');
  });
});

describe('CloudFormation conditions around whole containers and list items', () => {
  const text = [
    '# shape: CloudFormation ECS task definition with a conditional sidecar; written for preflight-guard',
    'Resources:',
    '  Task:',
    '    Type: AWS::ECS::TaskDefinition',
    '    Properties:',
    '      ContainerDefinitions:',
    '        - !If',
    '          - WithExporter',
    '          - Name: exporter',
    '            Image: nvcr.io/nvidia/k8s/dcgm-exporter:3.3.5-3.4.0-ubuntu22.04',
    '            Essential: false',
    '          - !Ref AWS::NoValue',
    '        - Name: app',
    '          Image: vllm/vllm-openai:v0.6.3',
    '          Environment:',
    '            - !Ref AWS::NoValue',
    '            - Name: MODEL_ID',
    '              Value: org/model',
    '',
  ].join('\n');
  const [doc] = parseDocuments(text, 'task.yaml');
  const workloads = workloadsFromCloudFormation(doc!);

  it('a container that exists under a condition is in that reading only; positions point at what is written', () => {
    assert.deepEqual(
      workloads.map((w) => [w.origin.when, w.containers.map((c) => c.name)]),
      [
        ['when condition WithExporter', ['exporter', 'app']],
        ['unless condition WithExporter', ['app']],
      ],
    );
    const [withExporter, without] = workloads;
    assert.deepEqual(withExporter!.containers[0]!.path, [
      'Resources',
      'Task',
      'Properties',
      'ContainerDefinitions',
      0,
      'Fn::If',
      1,
    ]);
    const modelId = without!.containers[0]!.env[0]!;
    assert.deepEqual(modelId.path, [
      'Resources',
      'Task',
      'Properties',
      'ContainerDefinitions',
      1,
      'Environment',
      1,
    ]);
    assert.equal(without!.origin.locate!(modelId.path!)?.line, 17);
  });
});

describe('CloudFormation values as read by templateString', () => {
  const template = { Parameters: { Models: { Type: 'CommaDelimitedList' } } };
  const read = (value: unknown) => templateString(value, template);

  it('short-form tags parse to their long form, the LanguageExtensions ones included', () => {
    const [doc] = parseDocuments(
      'a: !Select [1, !Split [",", "x,y"]]\nb: !ImportValue shared-model\nc: !Length [1, 2]\nd: !ToJsonString {k: v}\n',
      't.yaml',
    );
    assert.deepEqual(doc!.value, {
      a: { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y'] }] },
      b: { 'Fn::ImportValue': 'shared-model' },
      c: { 'Fn::Length': [1, 2] },
      d: { 'Fn::ToJsonString': { k: 'v' } },
    });
  });

  it('Fn::Select of a literal list or of Fn::Split of a literal is known; of a parameter it is not', () => {
    assert.equal(literalText(read({ 'Fn::Select': [1, ['a', 'b']] })), 'b');
    assert.equal(literalText(read({ 'Fn::Select': ['0', { 'Fn::Split': ['/', 'org/model'] }] })), 'org');
    assert.equal(literalText(read({ 'Fn::Select': [0, { Ref: 'Models' }] })), undefined);
    assert.equal(literalText(read({ 'Fn::Select': [5, ['a']] })), undefined, 'out of range is not a value');
  });

  it('Fn::ImportValue and dynamic references are deploy-time parts; a reference keeps only its name', () => {
    assert.equal(subText(read({ 'Fn::ImportValue': 'shared-model' })), '${ImportValue:shared-model}');
    const secret = read('{{resolve:secretsmanager:llm/db:SecretString:password::}}');
    assert.equal(literalText(secret), undefined);
    assert.equal(subText(secret), '{{resolve:secretsmanager:llm/db}}');
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:llm/db-AbCdEf';
    assert.equal(
      subText(read(`{{resolve:secretsmanager:${arn}:SecretString:password}}`)),
      `{{resolve:secretsmanager:${arn}}}`,
    );
    assert.equal(
      subText(read({ 'Fn::Sub': 'tag-{{resolve:ssm:/llm/tag:4}}' })),
      'tag-{{resolve:ssm:/llm/tag}}',
    );
    assert.equal(subText(read('{{resolve:ssm-secure:/llm/key:3}}')), '{{resolve:ssm-secure:/llm/key}}');
  });
});
