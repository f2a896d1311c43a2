import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

const KINDS = 'test/fixtures/workloads/kinds';
const VLLM_CARD = `${KINDS}/vllm-card.json`;

interface Report {
  findings: {
    rule: string;
    severity: string;
    target: string;
    message: string;
    fix?: string;
    location?: { file: string; line: number };
  }[];
  summary: { errors: number; warnings: number };
}

function check(fixture: string, card = VLLM_CARD): { code: number | null; report: Report; stdout: string } {
  const run = runCli(['check', `${KINDS}/${fixture}`, '--model-card', card, '--format', 'json']);
  assert.equal(run.stderr, '', run.stderr);
  return { code: run.code, report: JSON.parse(run.stdout) as Report, stdout: run.stdout };
}

/**
 * `rule target` of every error and warning, sorted: what each fixture must show, and nothing else.
 * Notes ("cannot verify: nothing in the inputs says ...", one per declared field nothing states) are
 * left out here: they are tested where they are made.
 */
function found(report: Report): string[] {
  return report.findings
    .filter((finding) => finding.severity !== 'note')
    .map((finding) => `${finding.rule} ${finding.target}`)
    .sort();
}

/**
 * One fixture per kind, in the shape of the project's published samples: a card that binds (the
 * vLLM image's repository), a skew it catches in one role, a Secret that is not in the inputs, and a
 * GPU role without the runtime probe. Multi-template kinds name the role in every finding.
 */
const EXPECTED: Record<string, string[]> = {
  'leaderworkerset.yaml': [
    'gpu-probe-attached LeaderWorkerSet/llm/vllm leader',
    'gpu-probe-attached LeaderWorkerSet/llm/vllm worker',
    'model-card-skew LeaderWorkerSet/llm/vllm worker container vllm',
    'secret-missing LeaderWorkerSet/llm/vllm leader container vllm-leader',
  ],
  'inferenceservice.yaml': [
    'gpu-probe-attached InferenceService/llm/llama predictor',
    'model-card-skew InferenceService/llm/llama predictor container kserve-container',
    'secret-missing InferenceService/llm/llama predictor container kserve-container',
    'secret-missing InferenceService/llm/llama transformer container transformer',
  ],
  'inferenceservice-model.yaml': [
    'gpu-probe-attached InferenceService/llm/llama-by-name predictor',
    'gpu-probe-attached ServingRuntime/llm/vllm-runtime',
    // A runtime alone does not say which model it serves (its InferenceService does): cannot verify.
    'model-card-skew ClusterServingRuntime/vllm-cluster-runtime container kserve-container',
    // storageUri's revision disagrees with the card; the runtime was picked by model format.
    'model-card-skew InferenceService/llm/llama-by-format predictor container kserve-container',
    // The runtime it names is not in the inputs: cannot verify.
    'model-card-skew InferenceService/llm/llama-elsewhere predictor container kserve-container',
    'secret-missing ClusterServingRuntime/vllm-cluster-runtime',
    'secret-missing ServingRuntime/llm/vllm-runtime container kserve-container',
  ],
  'llminferenceservice.yaml': [
    'gpu-probe-attached LLMInferenceService/llm/llama-pd decode',
    'gpu-probe-attached LLMInferenceService/llm/llama-pd prefill',
    'model-card-skew LLMInferenceService/llm/llama-pd prefill container main',
    'secret-missing LLMInferenceService/llm/llama-pd decode container main',
  ],
  'rayservice.yaml': [
    'gpu-probe-attached RayService/llm/llama gpu-group',
    // serveConfigV2's runtime_env pins vllm==0.8.4: every role of the cluster runs it.
    'model-card-skew RayService/llm/llama gpu-group container llm',
    'model-card-skew RayService/llm/llama head container ray-head',
    'secret-missing RayService/llm/llama head container ray-head',
  ],
  'raycluster.yaml': [
    'gpu-probe-attached RayCluster/llm/inference gpu-group',
    'model-card-skew RayCluster/llm/inference gpu-group container ray-worker',
    'secret-missing RayCluster/llm/inference gpu-group',
  ],
  'rayjob.yaml': [
    'gpu-probe-attached RayJob/llm/batch-infer gpu-workers',
    'model-card-skew RayJob/llm/batch-infer gpu-workers container ray-worker',
    'model-card-skew RayJob/llm/batch-infer head container ray-head',
    'secret-missing RayJob/llm/batch-infer head container ray-head',
  ],
  'knative-service.yaml': [
    'gpu-probe-attached Service/llm/llama',
    'model-card-skew Service/llm/llama container vllm',
    'secret-missing Service/llm/llama container vllm',
  ],
  'jobset.yaml': [
    'gpu-probe-attached JobSet/llm/finetune workers',
    'model-card-skew JobSet/llm/finetune workers container worker',
    'secret-missing JobSet/llm/finetune driver container driver',
  ],
  'rollout.yaml': [
    'gpu-probe-attached Rollout/llm/llama',
    'model-card-skew Rollout/llm/llama container vllm',
    // workloadRef to a Deployment of the inputs: its pods are that Deployment's, checked there.
    'model-card-skew Rollout/llm/llama-ref-elsewhere container llama-other',
    'secret-missing Rollout/llm/llama container vllm',
  ],
  'pytorchjob.yaml': [
    'gpu-probe-attached PyTorchJob/llm/finetune Master',
    'gpu-probe-attached PyTorchJob/llm/finetune Worker',
    'model-card-skew PyTorchJob/llm/finetune Worker container pytorch',
    'secret-missing PyTorchJob/llm/finetune Master container pytorch',
  ],
  'trainjob.yaml': [
    'gpu-probe-attached TrainJob/llm/finetune node',
    // The trainer's image overrides the runtime's `node` container.
    'model-card-skew TrainJob/llm/finetune node container node',
    'model-card-skew TrainJob/llm/finetune-elsewhere node container node',
    'secret-missing TrainJob/llm/finetune node container node',
  ],
  'kaito-workspace.yaml': [
    'gpu-probe-attached Workspace/llm/workspace-custom',
    'model-card-skew Workspace/llm/workspace-custom container custom-llm',
    // A preset's image is KAITO's own: cannot verify; its modelAccessSecret is checked.
    'model-card-skew Workspace/llm/workspace-llama-3-1-8b-instruct container preset',
    'secret-missing Workspace/llm/workspace-custom container custom-llm',
    'secret-missing Workspace/llm/workspace-llama-3-1-8b-instruct',
  ],
  'vllmruntime.yaml': [
    'gpu-probe-attached VLLMRuntime/llm/llama',
    'model-card-skew VLLMRuntime/llm/llama container vllm',
    'secret-missing VLLMRuntime/llm/llama container vllm',
  ],
};

describe('preflight check: the workload kinds LLM teams deploy, one fixture per kind', () => {
  for (const [fixture, expected] of Object.entries(EXPECTED)) {
    it(`${fixture}: binds the card, catches the skew, the missing Secret and the GPU role without the probe`, () => {
      const { code, report } = check(fixture);
      assert.equal(code, 1);
      assert.deepEqual(found(report), expected);
    });
  }

  it('NIMService: the image repository and tag bind the card; authSecret and pullSecrets are checked', () => {
    const { code, report } = check('nimservice.yaml', `${KINDS}/nim-card.json`);
    assert.equal(code, 1);
    assert.deepEqual(found(report), [
      'gpu-probe-attached NIMService/nim/llama-3-1-8b-instruct',
      'model-card-skew NIMService/nim/llama-3-1-8b-instruct container nim',
      'secret-missing NIMService/nim/llama-3-1-8b-instruct container nim',
    ]);
    const skew = report.findings.find(
      (finding) => finding.rule === 'model-card-skew' && finding.severity !== 'note',
    )!;
    assert.match(skew.message, /image\.tag MISMATCH: .* declares 1\.3\.3, tag 1\.2\.0 says 1\.2\.0/);
    const secret = report.findings.find((finding) => finding.rule === 'secret-missing')!;
    assert.match(secret.message, /^secret ngc-api-secret key NGC_API_KEY \(authSecret\) is not provided/);
    // The operator builds the pod: the probe cannot be attached by the usual means, and the fix says so.
    const probe = report.findings.find((finding) => finding.rule === 'gpu-probe-attached')!;
    assert.match(probe.fix!, /^This kind has no pod template \(its operator builds the pod\)/);
  });

  it('says where each fact of a custom resource came from', () => {
    const kserve = check('inferenceservice-model.yaml').report.findings;
    const revision = kserve.find((finding) => finding.target.includes('llama-by-format'))!;
    assert.match(
      revision.message,
      /model\.revision MISMATCH: .*spec\.predictor\.model\.storageUri says 5206a32e0bd3/,
    );
    assert.deepEqual(revision.location, {
      ...revision.location,
      file: `${KINDS}/inferenceservice-model.yaml`,
      line: 65,
    });
    const elsewhere = kserve.find((finding) => finding.target.includes('llama-elsewhere'))!;
    assert.match(
      elsewhere.message,
      /^cannot verify: the image of container kserve-container comes from the ServingRuntime "kserve-huggingfaceserver" \(model\.runtime\), which is not in the inputs/,
    );
    const ray = check('rayservice.yaml').report.findings;
    assert.match(
      ray.find((finding) => finding.target.endsWith('container llm') && finding.severity !== 'note')!.message,
      /runtime\.vllm MISMATCH \(patch drift\): .* declares 0\.8\.5, spec\.serveConfigV2 applications\[0\]\.runtime_env\.pip vllm==0\.8\.4 says 0\.8\.4/,
    );
  });

  it('counts objects, not roles, in the heading', () => {
    const run = runCli(['check', `${KINDS}/raycluster.yaml`, '--model-card', VLLM_CARD]);
    assert.match(run.stdout, /^preflight check · 1 workload in 1 file/);
  });

  it('passes a clean multi-role object: every role binds and agrees', () => {
    const dir = tempFiles({
      'card.json': JSON.stringify({ runtime: { vllm: '0.8.5' }, image: { repository: 'vllm/vllm-openai' } }),
      'lws.yaml': [
        'apiVersion: leaderworkerset.x-k8s.io/v1',
        'kind: LeaderWorkerSet',
        'metadata: {name: vllm, namespace: llm}',
        'spec:',
        '  leaderWorkerTemplate:',
        '    leaderTemplate:',
        '      spec: {containers: [{name: leader, image: "vllm/vllm-openai:v0.8.5"}]}',
        '    workerTemplate:',
        '      spec: {containers: [{name: worker, image: "vllm/vllm-openai:v0.8.5"}]}',
      ].join('\n'),
    });
    const run = runCli(['check', 'lws.yaml', '--model-card', 'card.json'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /LeaderWorkerSet\/llm\/vllm leader container leader\n {2}✔ runtime\.vllm/);
    assert.match(run.stdout, /LeaderWorkerSet\/llm\/vllm worker container worker\n {2}✔ runtime\.vllm/);
  });
});

describe('preflight check: workload kinds declared in preflight.yaml', () => {
  const predictor = (spec: string) =>
    [
      '# an in-house operator',
      'apiVersion: acme.io/v1',
      'kind: Predictor',
      'metadata: {name: llm, namespace: ml}',
      spec,
    ].join('\n');

  it('reads a user kind from workloads.kinds, with roles', () => {
    const dir = tempFiles({
      'preflight.yaml': [
        'workloads:',
        '  kinds:',
        '    - apiVersion: acme.io/v1',
        '      kind: Predictor',
        '      podTemplates:',
        '        - spec.template',
        '        - path: spec.shadows[].template',
        '          roleFrom: name',
        '          optional: true',
      ].join('\n'),
      'predictor.yaml': predictor(
        [
          'spec:',
          '  template:',
          '    spec:',
          '      containers:',
          '        - name: server',
          '          image: vllm/vllm-openai:v0.8.5',
          '          resources: {limits: {nvidia.com/gpu: 1}}',
          '  shadows:',
          '    - name: canary',
          '      template:',
          '        spec:',
          '          containers:',
          '            - name: server',
          '              image: vllm/vllm-openai:v0.8.5',
          '              env: [{name: HF_TOKEN, valueFrom: {secretKeyRef: {name: hf, key: token}}}]',
        ].join('\n'),
      ),
    });
    const run = runCli(['check', 'predictor.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.deepEqual(found(JSON.parse(run.stdout)), [
      'gpu-probe-attached Predictor/ml/llm template',
      'secret-missing Predictor/ml/llm canary container server',
    ]);
  });

  it('says where a declared path matches nothing in an object (exit 2, the object and the declaration)', () => {
    const dir = tempFiles({
      'preflight.yaml': [
        'workloads:',
        '  kinds:',
        '    - {apiVersion: acme.io/v1, kind: Predictor, podTemplates: [spec.template]}',
      ].join('\n'),
      'predictor.yaml': predictor('spec:\n  pods:\n    spec: {containers: [{name: a, image: busybox}]}\n'),
    });
    const run = runCli(['check', 'predictor.yaml'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(
      run.stdout,
      /predictor\.yaml:6:3: spec\.template\.spec: missing pod spec \(declared in .*preflight\.yaml:3:7\)/,
    );
  });

  it('refuses a bad declaration with its path in preflight.yaml', () => {
    const dir = tempFiles({
      'preflight.yaml': [
        'workloads:',
        '  kinds:',
        '    - {apiVersion: acme.io/v1, kind: Predictor, podTemplates: ["spec..template"]}',
      ].join('\n'),
      'predictor.yaml': predictor('spec: {}\n'),
    });
    const run = runCli(['check', 'predictor.yaml'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /preflight\.yaml:3:\d+: workloads\.kinds\[0\]\.podTemplates\[0\]/);
    assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
  });

  it('leaves a custom resource of a kind no table row names alone, as before', () => {
    const dir = tempFiles({
      'predictor.yaml': predictor('spec: {template: {spec: {containers: [{name: a, image: busybox}]}}}\n'),
      'deploy.yaml': [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: d}',
        'spec: {template: {spec: {containers: [{name: a, image: busybox}]}}}',
      ].join('\n'),
    });
    const run = runCli(['check', '.'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /1 workload in 2 files/);
  });
});
