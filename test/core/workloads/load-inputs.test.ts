import assert from 'node:assert/strict';
import { cpSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import type { InputError } from '../../../core/errors';
import { workloadTarget } from '../../../core/model/workload';
import { type LoadedInputs, loadWorkloads } from '../../../core/workloads/load-inputs';
import { expectInputError } from '../../harness/input-error';
import { tempFiles } from '../../harness/temp-files';

const FIXTURES = join(__dirname, '../../fixtures/workloads');
const ASSEMBLY = join(FIXTURES, 'cfn/cloud-assembly');

const relativeTo = (root: string, files: string[]) => files.map((file) => relative(root, file));

describe('loadWorkloads', () => {
  it('walks a folder in sorted order and reads each document by its shape', () => {
    const folder = join(FIXTURES, 'k8s');
    const { workloads, files } = loadWorkloads([folder]);
    assert.deepEqual(relativeTo(folder, files), [
      'kinds.yaml',
      'list.yaml',
      'llm-stack.yaml',
      'secret-refs.yaml',
      'typed-list.json',
    ]);
    assert.deepEqual(workloads.map(workloadTarget), [
      'StatefulSet/embedder',
      'DaemonSet/dcgm',
      'ReplicaSet/rs',
      'ReplicationController/rc',
      'Job/warmup-',
      'CronJob/rag/reindex',
      'Pod/debug',
      'PodTemplate/template',
      'Deployment/ml/listed',
      'Pod/listed-pod',
      'Deployment/llm/vllm',
      'Pod/llm/every-ref',
      'Deployment/llm/from-api',
    ]);
  });

  it('passes over cards, configs, project files, dot-folders, node_modules and Helm templates', () => {
    const folder = tempFiles({ 'node_modules/pkg/broken.yaml': 'key: [unclosed\n' });
    cpSync(join(FIXTURES, 'mixed'), folder, { recursive: true });
    const { workloads, files } = loadWorkloads([folder]);
    assert.deepEqual(relativeTo(folder, files), ['deploy.yml', 'nested/pod.yaml', 'values.yaml']);
    assert.deepEqual(workloads.map(workloadTarget), ['Deployment/mixed', 'Pod/nested']);
  });

  it('reads only the stack templates of a cloud assembly, nested assemblies included', () => {
    const { workloads, files } = loadWorkloads([ASSEMBLY]);
    assert.deepEqual(relativeTo(ASSEMBLY, files), [
      'LlmServiceStack.template.json',
      'assembly-Prod/ProdLlmStack.template.json',
    ]);
    assert.deepEqual(workloads.map(workloadTarget), [
      'AWS::ECS::TaskDefinition GpuTaskDef5E1C7A3B',
      'AWS::ECS::TaskDefinition TaskDef54694570',
    ]);
  });

  it('knows a folder named cdk.out inside a project folder', () => {
    const project = tempFiles({ 'cdk.json': '{"app": "npx ts-node bin/app.ts"}' });
    cpSync(ASSEMBLY, join(project, 'cdk.out'), { recursive: true });
    const { files } = loadWorkloads([project]);
    assert.deepEqual(relativeTo(project, files), [
      'cdk.out/LlmServiceStack.template.json',
      'cdk.out/assembly-Prod/ProdLlmStack.template.json',
    ]);
  });

  it('reads a named file whatever its name, and each file once', () => {
    const folder = join(FIXTURES, 'k8s');
    const list = join(folder, 'list.yaml');
    const { files } = loadWorkloads([list, folder, list]);
    assert.equal(files.length, 5);
    assert.equal(files[0], list);
    const card = join(FIXTURES, 'mixed/model-card.json');
    assert.deepEqual(loadWorkloads([card]), {
      workloads: [],
      secretProviders: [],
      recordedCards: [],
      files: [card],
      errors: [],
    });
  });

  it('follows folder symlinks without looping', () => {
    const folder = tempFiles({ 'a/pod.yaml': readFileSync(join(FIXTURES, 'mixed/nested/pod.yaml')) });
    symlinkSync(join(folder, 'a'), join(folder, 'a/loop'));
    symlinkSync(join(folder, 'missing'), join(folder, 'dangling.yaml'));
    assert.deepEqual(relativeTo(folder, loadWorkloads([folder]).files), ['a/pod.yaml']);
  });
});

/** The one input error of a load, which read on past it. */
function onlyError(loaded: LoadedInputs): InputError {
  assert.equal(loaded.errors.length, 1, loaded.errors.map((error) => error.describe()).join('\n'));
  return loaded.errors[0]!;
}

describe('loadWorkloads: bad inputs', () => {
  it('reads on past an unreadable file, and past a bad document to the next one of the same file', () => {
    const folder = tempFiles({
      'a-broken.yaml': 'kind: Pod\nspec: [a, b\n',
      'b-stream.yaml': `${readFileSync(join(FIXTURES, 'bad/env-without-name.yaml'), 'utf8')}\n---\n${readFileSync(join(FIXTURES, 'mixed/nested/pod.yaml'), 'utf8')}`,
    });
    const loaded = loadWorkloads([folder]);
    assert.deepEqual(
      loaded.errors.map((error) => error.describe(folder)),
      [
        'a-broken.yaml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]',
        'b-stream.yaml:21:15: spec.template.spec.containers[0].env[2]: missing name',
      ],
    );
    assert.equal(loaded.workloads.length, 1, 'the good document after the bad one');
    assert.equal(loaded.files.length, 2);
  });

  it('names a path that does not exist', () => {
    const error = expectInputError(() => loadWorkloads([join(FIXTURES, 'nope.yaml')]));
    assert.equal(error.describe(), `${join(FIXTURES, 'nope.yaml')}: no such file or folder`);
  });

  it('reports malformed YAML at its position', () => {
    const file = join(FIXTURES, 'bad/malformed.yaml');
    const error = onlyError(loadWorkloads([file]));
    assert.equal(
      error.describe(),
      `${file}:6:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });

  it('reports malformed JSON strictly, at its position', () => {
    const file = join(FIXTURES, 'bad/broken.json');
    const error = onlyError(loadWorkloads([file]));
    assert.deepEqual(error.location, { file, line: 4, column: 1 });
  });

  it('reports a wrong shape with the field path', () => {
    const file = join(FIXTURES, 'bad/env-without-name.yaml');
    assert.equal(
      onlyError(loadWorkloads([file])).describe(),
      `${file}:21:15: spec.template.spec.containers[0].env[2]: missing name`,
    );
  });

  it('refuses a binary file and an over-size file', () => {
    const folder = tempFiles({
      'image.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]),
      'big.yaml': 'a: b\n'.repeat(400),
    });
    const binary = onlyError(loadWorkloads([join(folder, 'image.yaml')]));
    assert.match(binary.describe(), /image\.yaml: binary file \(NUL byte at offset 4\), expected text$/);
    const big = onlyError(loadWorkloads([join(folder, 'big.yaml')], { maxBytes: 1024 }));
    assert.match(big.describe(), /big\.yaml: file is 2 KiB, over the 1 KiB limit for input files$/);
  });
});

describe('loadWorkloads: secrets', () => {
  it('gives the secrets the same documents provide: Kubernetes objects and CloudFormation resources', () => {
    const { secretProviders } = loadWorkloads([join(FIXTURES, 'k8s/llm-stack.yaml'), ASSEMBLY]);
    assert.deepEqual(
      secretProviders.map((p) => [p.kind, p.namespace, p.name, p.keys, relative(FIXTURES, p.location!.file)]),
      [
        ['Secret', 'llm', 'hf-token', ['token'], 'k8s/llm-stack.yaml'],
        [
          'AWS::SecretsManager::Secret',
          undefined,
          'ml/hf-token',
          undefined,
          'cfn/cloud-assembly/LlmServiceStack.template.json',
        ],
      ],
    );
  });

  it('never reads a Secret object into the model', () => {
    const file = join(FIXTURES, 'k8s/llm-stack.yaml');
    const secretValue = 'hf_CANARYsecretVALUEdoNotLeak0123456789';
    assert.ok(readFileSync(file, 'utf8').includes(secretValue), 'the canary is in the input');
    const loaded = loadWorkloads([file]);
    assert.ok(!JSON.stringify(loaded.secretProviders).includes('CANARY'), 'nor in the secret providers');
    const json = JSON.stringify(loaded.workloads);
    assert.ok(!json.includes(secretValue), 'the Secret value is not in the workloads');
    assert.ok(!json.includes('CANARY'), 'nor any part of it');
    assert.ok(json.includes('"name":"hf-token"'), 'the reference by name is');
    assert.ok(json.includes('sk-live-literalINenvIsKept'), 'an env literal is part of the container config');
  });
});
