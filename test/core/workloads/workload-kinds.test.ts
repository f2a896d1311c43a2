import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hfModel } from '../../../core/facts/spec-facts';
import { parseDocuments } from '../../../core/loaders/documents';
import { workloadTarget } from '../../../core/model/workload';
import {
  kubernetesWorkloadReader,
  linkWorkloads,
  workloadsFromKubernetes,
} from '../../../core/workloads/kubernetes';
import { podSpecPath } from '../../../core/workloads/pod-spec-path';
import {
  BUILT_IN_KINDS,
  BUILT_IN_WORKLOAD_KINDS,
  parsePodPath,
  placePath,
  workloadKinds,
} from '../../../core/workloads/workload-kinds';

function read(text: string) {
  return linkWorkloads(parseDocuments(text, 'inline.yaml').flatMap(workloadsFromKubernetes));
}

describe('the workload kind table', () => {
  it('pins every kind read and where its pods live (a new kind is a new row here)', () => {
    const table = BUILT_IN_WORKLOAD_KINDS.map(
      (row) => `${row.group || 'core'}/${row.kind}: ${row.pods.map(placePath).join(' | ')}`,
    );
    assert.deepEqual(table, [
      'core/Pod: spec',
      'core/PodTemplate: template',
      'core/ReplicationController: spec.template',
      'apps/Deployment: spec.template',
      'apps/DaemonSet: spec.template',
      'apps/ReplicaSet: spec.template',
      'extensions/Deployment: spec.template',
      'extensions/DaemonSet: spec.template',
      'extensions/ReplicaSet: spec.template',
      'apps/StatefulSet: spec.template',
      'batch/Job: spec.template',
      'batch/CronJob: spec.jobTemplate.spec.template',
      'serving.kserve.io/InferenceService: spec.predictor | spec.predictor.model | spec.transformer | spec.explainer',
      'serving.kserve.io/ServingRuntime: spec',
      'serving.kserve.io/ClusterServingRuntime: spec',
      'serving.kserve.io/LLMInferenceService: spec.template | spec.worker | spec.prefill.template | spec.prefill.worker',
      'leaderworkerset.x-k8s.io/LeaderWorkerSet: spec.leaderWorkerTemplate.leaderTemplate | spec.leaderWorkerTemplate.workerTemplate',
      'ray.io/RayService: spec.rayClusterConfig.headGroupSpec.template | spec.rayClusterConfig.workerGroupSpecs[].template',
      'ray.io/RayCluster: spec.headGroupSpec.template | spec.workerGroupSpecs[].template',
      'ray.io/RayJob: spec.rayClusterSpec.headGroupSpec.template | spec.rayClusterSpec.workerGroupSpecs[].template | spec.submitterPodTemplate',
      'serving.knative.dev/Service: spec.template',
      'jobset.x-k8s.io/JobSet: spec.replicatedJobs[].template.spec.template',
      'argoproj.io/Rollout: spec.template | spec.workloadRef',
      'kubeflow.org/PyTorchJob: spec.pytorchReplicaSpecs{}.template',
      'trainer.kubeflow.org/TrainJob: spec.runtimeRef',
      'trainer.kubeflow.org/TrainingRuntime: spec.template.spec.replicatedJobs[].template.spec.template',
      'trainer.kubeflow.org/ClusterTrainingRuntime: spec.template.spec.replicatedJobs[].template.spec.template',
      'kaito.sh/Workspace: inference.template | inference.preset',
      'apps.nvidia.com/NIMService: ',
      'production-stack.vllm.ai/VLLMRuntime: ',
    ]);
  });

  it('cites a source for every row, and every path parses', () => {
    for (const row of BUILT_IN_WORKLOAD_KINDS) {
      assert.ok(row.source.length > 10, `${row.kind} cites its source`);
      for (const place of row.pods) {
        if ('container' in place && place.when === undefined) continue;
        assert.ok(parsePodPath(placePath(place)), `${row.kind} ${placePath(place)}`);
      }
    }
  });

  it('matches by API group, any version; the same kind of another group is not read', () => {
    assert.equal(BUILT_IN_KINDS.find('ray.io/v1alpha1', 'RayCluster')?.kind, 'RayCluster');
    assert.equal(BUILT_IN_KINDS.find('acme.io/v1', 'Deployment'), undefined);
    assert.equal(BUILT_IN_KINDS.find('v1', 'Service'), undefined, 'a core Service holds no pods');
    assert.equal(BUILT_IN_KINDS.find('serving.knative.dev/v1', 'Service')?.pods.length, 1);
  });

  it('keeps the single pod spec path of the built-in kinds (the probe transform reads it)', () => {
    assert.deepEqual(podSpecPath('apps/v1', 'Deployment'), ['spec', 'template', 'spec']);
    assert.deepEqual(podSpecPath('batch/v1', 'CronJob'), ['spec', 'jobTemplate', 'spec', 'template', 'spec']);
    assert.deepEqual(podSpecPath('v1', 'Pod'), ['spec']);
    assert.equal(podSpecPath('leaderworkerset.x-k8s.io/v1', 'LeaderWorkerSet'), undefined);
  });

  it('refuses paths that are not dotted field names', () => {
    assert.deepEqual(parsePodPath('spec.groups[].template'), [
      { field: 'spec' },
      { field: 'groups', each: 'list' },
      { field: 'template' },
    ]);
    for (const bad of ['spec..template', 'spec.[]', '.spec', 'spec.a[0]', 'spec a']) {
      assert.equal(parsePodPath(bad), undefined, bad);
    }
  });
});

describe('workloads of multi-template kinds', () => {
  it('reads each pod template as its own workload with its role', () => {
    const workloads = read(
      [
        'apiVersion: ray.io/v1',
        'kind: RayCluster',
        'metadata: {name: r, namespace: ml}',
        'spec:',
        '  headGroupSpec: {template: {spec: {containers: [{name: head, image: ray}]}}}',
        '  workerGroupSpecs:',
        '    - {groupName: gpu, template: {spec: {containers: [{name: w, image: ray, resources: {limits: {nvidia.com/gpu: 2}}}]}}}',
        '    - {template: {spec: {containers: [{name: w, image: ray}]}}}',
      ].join('\n'),
    );
    assert.deepEqual(
      workloads.map((workload) => [workloadTarget(workload), workload.containers[0]!.gpus]),
      [
        ['RayCluster/ml/r head', 0],
        ['RayCluster/ml/r gpu', 2],
        ['RayCluster/ml/r worker', 0],
      ],
    );
    assert.deepEqual(workloads[1]!.containers[0]!.path, [
      'spec',
      'workerGroupSpecs',
      0,
      'template',
      'spec',
      'containers',
      0,
    ]);
  });

  it('reads a kind declared by the user, and a user row replaces a built-in one', () => {
    const kinds = workloadKinds([
      { group: 'acme.io', kind: 'Predictor', pods: [{ podSpec: 'spec.pod' }], source: 'test' },
    ]);
    const [workload] = parseDocuments(
      'apiVersion: acme.io/v2\nkind: Predictor\nmetadata: {name: p}\nspec: {pod: {containers: [{name: a, image: x}]}}\n',
      'inline.yaml',
    ).flatMap(kubernetesWorkloadReader(kinds));
    assert.equal(workloadTarget(workload!), 'Predictor/p');
    assert.equal(kinds.find('ray.io/v1', 'RayCluster')?.kind, 'RayCluster', 'the built-in rows stay');
  });

  it('fails a known kind with no pod template where one is required, at the object', () => {
    assert.throws(
      () =>
        read(
          'apiVersion: leaderworkerset.x-k8s.io/v1\nkind: LeaderWorkerSet\nmetadata: {name: l}\nspec: {}\n',
        ),
      { message: 'missing pod spec', field: 'spec.leaderWorkerTemplate.workerTemplate.spec' },
    );
    assert.throws(
      () => read('apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec: {}\n'),
      {
        message: 'no pod template: expected spec.template or spec.workloadRef',
      },
    );
  });

  it('says an LLMInferenceService without a template takes its pods from the presets', () => {
    const [workload] = read(
      'apiVersion: serving.kserve.io/v1alpha2\nkind: LLMInferenceService\nmetadata: {name: l}\nspec: {model: {uri: "hf://org/m:abc"}}\n',
    );
    assert.match(
      workload!.containers[0]!.imageUnknown!,
      /^comes from KServe's LLMInferenceServiceConfig presets/,
    );
    assert.deepEqual(
      workload!.specFacts?.map((fact) => [fact.key, fact.value]),
      [
        ['model.id', 'org/m'],
        ['model.revision', 'abc'],
      ],
    );
  });
});

describe('facts of custom resources', () => {
  it('reads hf:// storage URIs', () => {
    assert.deepEqual(hfModel('hf://meta-llama/Llama-3.1-8B-Instruct:0e9e39f'), {
      id: 'meta-llama/Llama-3.1-8B-Instruct',
      revision: '0e9e39f',
    });
    assert.deepEqual(hfModel('hf://org/model'), { id: 'org/model' });
    assert.equal(hfModel('s3://bucket/model'), undefined);
    assert.equal(hfModel('hf://model-without-org'), undefined);
  });

  it('reads runtime_env pins and the env_vars that state a card field, never other env values', () => {
    const [workload] = read(
      [
        'apiVersion: ray.io/v1',
        'kind: RayJob',
        'metadata: {name: j}',
        'spec:',
        '  runtimeEnvYAML: |',
        '    pip:',
        '      packages: ["vllm==0.8.5", "torch==2.3.0", "numpy>=1.26", "Transformers[torch]==4.44.0"]',
        '    env_vars:',
        '      MODEL_ID: org/model',
        '      HF_TOKEN: hf_never_shown',
        '  rayClusterSpec:',
        '    headGroupSpec: {template: {spec: {containers: [{name: head, image: ray}]}}}',
      ].join('\n'),
    );
    const facts = workload!.specFacts!.map((fact) => [fact.key, fact.value, fact.origin]);
    assert.deepEqual(facts, [
      ['runtime.vllm', '0.8.5', 'spec'],
      ['runtime.pytorch', '2.3.0', 'spec'],
      ['runtime.transformers', '4.44.0', 'spec'],
      ['model.id', 'org/model', 'spec'],
    ]);
    assert.ok(!JSON.stringify(workload!.specFacts).includes('hf_never_shown'));
  });

  it('reports a serveConfigV2 that is not YAML at the field, quoting none of it', () => {
    const text = [
      'apiVersion: ray.io/v1',
      'kind: RayService',
      'metadata: {name: s}',
      'spec:',
      '  serveConfigV2: "applications: [secret-value"',
      '  rayClusterConfig:',
      '    headGroupSpec: {template: {spec: {containers: [{name: head, image: ray}]}}}',
    ].join('\n');
    assert.throws(
      () => read(text),
      (error: Error & { field?: string; location?: { line: number } }) => {
        assert.equal(error.field, 'spec.serveConfigV2');
        assert.equal(error.location?.line, 5);
        assert.ok(!error.message.includes('secret-value'), error.message);
        return true;
      },
    );
  });
});
