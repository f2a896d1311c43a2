import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDocuments, parseJsonDocument } from '../../../core/loaders/documents';
import type { Workload } from '../../../core/model/workload';
import { workloadsFromKubernetes } from '../../../core/workloads/kubernetes';
import { expectInputError } from '../../harness/input-error';

const FIXTURES = join(__dirname, '../../fixtures/workloads/k8s');

function workloadsOf(name: string): Workload[] {
  const file = join(FIXTURES, name);
  return parseDocuments(readFileSync(file, 'utf8'), file).flatMap(workloadsFromKubernetes);
}

function fromText(text: string): Workload[] {
  return parseDocuments(text, 'inline.yaml').flatMap(workloadsFromKubernetes);
}

describe('workloadsFromKubernetes', () => {
  it('reads a Deployment of a multi-document file, skipping other kinds', () => {
    const workloads = workloadsOf('llm-stack.yaml');
    assert.deepEqual(
      workloads.map((w) => `${w.kind}/${w.namespace}/${w.name}`),
      ['Deployment/llm/vllm'],
    );
    const [vllm] = workloads;
    assert.deepEqual(vllm!.labels, { app: 'vllm' }, 'the workload metadata, not the pod template labels');
    assert.deepEqual(vllm!.annotations, { 'preflight-guard/model-card': 'model-card.json' });
    assert.deepEqual(
      vllm!.containers.map((c) => [c.kind, c.name, c.image, c.gpus]),
      [
        ['init', 'cuda-probe', 'ghcr.io/example/preflight-probe:0.1.0', 0],
        ['app', 'server', 'vllm/vllm-openai:v0.6.3', 2],
      ],
    );
  });

  it('reads env, command and args, turning scalars into strings', () => {
    const server = workloadsOf('llm-stack.yaml')[0]!.containers[1]!;
    assert.deepEqual(server.command, ['python3', '-m', 'vllm.entrypoints.openai.api_server']);
    assert.deepEqual(server.args, ['--model', 'meta-llama/Llama-3.1-8B-Instruct', '--port', '8000']);
    assert.deepEqual(
      server.env.map(({ path, ...env }) => env),
      [
        { name: 'PORT', value: '8000' },
        { name: 'HF_TOKEN', fromSecret: true },
        { name: 'DEBUG_TOKEN', value: 'sk-live-literalINenvIsKept' },
        { name: 'POD_IP' },
        { name: 'EMPTY', value: '' },
      ],
    );
    assert.equal(server.envFromSources, 1);
  });

  it('gives each env entry a path that origin.locate turns into its line and column', () => {
    const [vllm] = workloadsOf('llm-stack.yaml');
    const hfToken = vllm!.containers[1]!.env[1]!;
    assert.deepEqual(hfToken.path, ['spec', 'template', 'spec', 'containers', 0, 'env', 1]);
    const file = join(FIXTURES, 'llm-stack.yaml');
    assert.deepEqual(vllm!.origin.locate!(hfToken.path!), { file, line: 51, column: 15 });
    assert.deepEqual(vllm!.origin.locate!(vllm!.containers[1]!.path!), { file, line: 40, column: 11 });
    assert.deepEqual(
      { format: vllm!.origin.format, file: vllm!.origin.file, line: vllm!.origin.line },
      { format: 'kubernetes', file, line: 15 },
    );
  });

  it('reads every workload kind, by its API group', () => {
    const workloads = workloadsOf('kinds.yaml');
    assert.deepEqual(
      workloads.map((w) => [w.kind, w.name, w.namespace, w.containers.map((c) => `${c.kind}:${c.name}`)]),
      [
        ['StatefulSet', 'embedder', undefined, ['app:tei']],
        ['DaemonSet', 'dcgm', undefined, ['app:exporter']],
        ['ReplicaSet', 'rs', undefined, ['app:app']],
        ['ReplicationController', 'rc', undefined, ['app:app']],
        ['Job', 'warmup-', undefined, ['app:warmup']],
        ['CronJob', 'reindex', 'rag', ['app:indexer']],
        ['Pod', 'debug', undefined, ['app:app', 'ephemeral:debugger']],
        ['PodTemplate', 'template', undefined, ['sidecar:proxy', 'app:app']],
      ],
    );
    assert.equal(workloads[0]!.containers[0]!.gpus, 1, 'GPU requests count when no limit is set');
    assert.ok(!('namespace' in workloads[0]!), 'no namespace key when the manifest has none');
    const cron = workloads[5]!;
    assert.deepEqual(cron.containers[0]!.env[0]!.path, [
      'spec',
      'jobTemplate',
      'spec',
      'template',
      'spec',
      'containers',
      0,
      'env',
      0,
    ]);
    assert.equal(cron.origin.locate!(cron.containers[0]!.env[0]!.path!)?.line, 78);
  });

  it('reads a List with paths that include the item position', () => {
    const workloads = workloadsOf('list.yaml');
    assert.deepEqual(
      workloads.map((w) => `${w.kind}/${w.name}`),
      ['Deployment/listed', 'Pod/listed-pod'],
    );
    const [listed] = workloads;
    const env = listed!.containers[0]!.env[1]!;
    assert.deepEqual(env.path, ['items', 1, 'spec', 'template', 'spec', 'containers', 0, 'env', 1]);
    assert.deepEqual(listed!.origin.locate!(env.path!), {
      file: join(FIXTURES, 'list.yaml'),
      line: 22,
      column: 19,
    });
    assert.equal(listed!.origin.line, 8, 'the workload position is its list item');
    assert.deepEqual(listed!.secretRefs, [
      {
        name: 'openai',
        key: 'api-key',
        via: 'env[].valueFrom.secretKeyRef',
        container: 'app',
        path: [
          'items',
          1,
          'spec',
          'template',
          'spec',
          'containers',
          0,
          'env',
          1,
          'valueFrom',
          'secretKeyRef',
        ],
      },
    ]);
  });

  it('reads a typed list from the API whose items carry no kind', () => {
    const file = join(FIXTURES, 'typed-list.json');
    const workloads = workloadsFromKubernetes(parseJsonDocument(readFileSync(file, 'utf8'), file));
    assert.deepEqual(
      workloads.map((w) => `${w.kind}/${w.namespace}/${w.name}`),
      ['Deployment/llm/from-api'],
    );
    assert.equal(workloads[0]!.origin.locate!(workloads[0]!.containers[0]!.env[0]!.path!)?.line, 11);
  });

  it('gives nothing for kinds without a pod and for other API groups', () => {
    assert.deepEqual(fromText('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n'), []);
    assert.deepEqual(fromText('apiVersion: example.com/v1\nkind: Deployment\nmetadata: {name: d}\n'), []);
    assert.deepEqual(fromText('just: a map\n'), []);
    assert.deepEqual(fromText('- a list\n'), []);
  });

  it('reports an image that is not set rather than inventing one', () => {
    const [pod] = fromText(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a}]\n',
    );
    assert.equal(pod!.containers[0]!.image, undefined);
    assert.equal(pod!.containers[0]!.imageUnknown, 'no image set');
  });
});

describe('workloadsFromKubernetes: wrong shapes', () => {
  const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;

  it('names the env entry without a name, at its position', () => {
    const file = join(FIXTURES, '../bad/env-without-name.yaml');
    const error = expectInputError(() =>
      parseDocuments(readFileSync(file, 'utf8'), file).flatMap(workloadsFromKubernetes),
    );
    assert.equal(error.message, 'missing name');
    assert.equal(error.field, 'spec.template.spec.containers[0].env[2]');
    assert.deepEqual(error.location, { file, line: 21, column: 15 });
    assert.equal(error.describe(), `${file}:21:15: spec.template.spec.containers[0].env[2]: missing name`);
  });

  it('rejects containers that are not a list', () => {
    const file = join(FIXTURES, '../bad/containers-not-list.yaml');
    const error = expectInputError(() =>
      parseDocuments(readFileSync(file, 'utf8'), file).flatMap(workloadsFromKubernetes),
    );
    assert.equal(error.describe(), `${file}:7:5: spec.containers: expected a list`);
  });

  it('rejects other wrong shapes with the field path', () => {
    const cases: [string, string][] = [
      ['  containers:\n    - image: busybox\n', 'inline.yaml:7:7: spec.containers[0]: missing name'],
      ['  initContainers: {}\n  containers: []\n', 'inline.yaml:6:19: spec.initContainers: expected a list'],
      ['  volumes: []\n', 'inline.yaml:6:3: spec: missing containers'],
      [
        '  containers:\n    - name: a\n      env: [{name: X, value: {a: 1}}]\n',
        'inline.yaml:8:30: spec.containers[0].env[0].value: expected a string',
      ],
      [
        '  containers:\n    - name: a\n      args: [--x, null]\n',
        'inline.yaml:8:19: spec.containers[0].args[1]: expected a string',
      ],
      [
        '  containers:\n    - name: a\n      resources: {limits: {nvidia.com/gpu: half}}\n',
        'inline.yaml:8:44: spec.containers[0].resources.limits["nvidia.com/gpu"]: expected a whole number of GPUs',
      ],
      [
        '  containers:\n    - name: a\n      env: [{name: X, valueFrom: {secretKeyRef: {name: s}}}]\n',
        'inline.yaml:8:49: spec.containers[0].env[0].valueFrom.secretKeyRef: missing key',
      ],
      [
        '  containers: []\n  volumes: [{name: v, secret: {optional: yes}}]\n',
        'inline.yaml:7:31: spec.volumes[0].secret: missing secretName',
      ],
      ['  containers: ["app"]\n', 'inline.yaml:6:16: spec.containers[0]: expected a map'],
    ];
    for (const [spec, expected] of cases) {
      const error = expectInputError(() => fromText(pod(spec)));
      assert.equal(error.describe(), expected, spec);
    }
  });

  it('rejects a workload without a name or pod spec', () => {
    assert.equal(
      expectInputError(() =>
        fromText('apiVersion: apps/v1\nkind: Deployment\nmetadata: {}\nspec: {}\n'),
      ).describe(),
      'inline.yaml:3:11: metadata: missing name',
    );
    assert.equal(
      expectInputError(() =>
        fromText('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: 2}\n'),
      ).describe(),
      'inline.yaml:4:7: spec.template.spec: missing pod spec',
    );
  });

  it('places errors inside a List at the item', () => {
    const text =
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      containers: 3\n';
    assert.equal(
      expectInputError(() => fromText(text)).describe(),
      'inline.yaml:8:19: items[0].spec.containers: expected a list',
    );
  });
});
