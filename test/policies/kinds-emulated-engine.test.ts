import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { type PolicyDiagnostic, type PreviewResult, runPreview } from '../../policies/engine';
import { REPO_ROOT } from '../harness/run-cli';

const PROGRAM = join(REPO_ROOT, 'test', 'fixtures', 'pulumi', 'kinds');

/** `policy resource role-target`: the role's target as the message's first line names it. */
function found(diagnostic: PolicyDiagnostic): string {
  const line = diagnostic.message.split('\n')[1] ?? '';
  const target = /^([A-Za-z]+\/\S+(?: [\w-]+)*?)(?:: | requests )/.exec(line)?.[1];
  return `${diagnostic.policyName} ${diagnostic.name}${target ? ` ${target}` : ''}`;
}

/**
 * The same per-role findings `preflight check` gives for these fixtures (test/cli/check-kinds.test.ts),
 * with one difference the stack makes: the ServingRuntime is in it, so the `model:` forms resolve.
 */
const EXPECTED = [
  // LeaderWorkerSet: the leader binds and agrees, the worker's image skews; the leader's Secret is missing.
  'gpu-probe-attached LeaderWorkerSet-vllm LeaderWorkerSet/llm/vllm leader',
  'gpu-probe-attached LeaderWorkerSet-vllm LeaderWorkerSet/llm/vllm worker',
  'model-card-skew LeaderWorkerSet-vllm LeaderWorkerSet/llm/vllm worker container vllm',
  'secret-missing LeaderWorkerSet-vllm LeaderWorkerSet/llm/vllm leader container vllm-leader',
  // RayService: serveConfigV2's runtime_env pins vllm==0.8.4 for every role; the CPU head needs no probe.
  'gpu-probe-attached RayService-llama RayService/llm/llama gpu-group',
  'model-card-skew RayService-llama RayService/llm/llama gpu-group container llm',
  'model-card-skew RayService-llama RayService/llm/llama head container ray-head',
  'secret-missing RayService-llama RayService/llm/llama head container ray-head',
  'gpu-probe-attached RayCluster-inference RayCluster/llm/inference gpu-group',
  'model-card-skew RayCluster-inference RayCluster/llm/inference gpu-group container ray-worker',
  'secret-missing RayCluster-inference RayCluster/llm/inference gpu-group',
  // InferenceService with containers: predictor and transformer judged apart.
  'gpu-probe-attached InferenceService-llama InferenceService/llm/llama predictor',
  'model-card-skew InferenceService-llama InferenceService/llm/llama predictor container kserve-container',
  'secret-missing InferenceService-llama InferenceService/llm/llama predictor container kserve-container',
  'secret-missing InferenceService-llama InferenceService/llm/llama transformer container transformer',
  // The `model:` forms: by runtime name and by model format, from the ServingRuntime in the stack.
  'gpu-probe-attached InferenceService-llama-by-name InferenceService/llm/llama-by-name predictor',
  'gpu-probe-attached ServingRuntime-vllm-runtime ServingRuntime/llm/vllm-runtime',
  'model-card-skew InferenceService-llama-by-format InferenceService/llm/llama-by-format predictor container kserve-container',
  'model-card-skew InferenceService-llama-elsewhere InferenceService/llm/llama-elsewhere predictor container kserve-container',
  'model-card-skew ClusterServingRuntime-vllm-cluster-runtime',
  'secret-missing ClusterServingRuntime-vllm-cluster-runtime',
  'secret-missing ServingRuntime-vllm-runtime',
  'gpu-probe-attached JobSet-finetune JobSet/llm/finetune workers',
  'model-card-skew JobSet-finetune JobSet/llm/finetune workers container worker',
  'secret-missing JobSet-finetune JobSet/llm/finetune driver container driver',
  'gpu-probe-attached PyTorchJob-finetune PyTorchJob/llm/finetune Master',
  'gpu-probe-attached PyTorchJob-finetune PyTorchJob/llm/finetune Worker',
  'model-card-skew PyTorchJob-finetune PyTorchJob/llm/finetune Worker container pytorch',
  'secret-missing PyTorchJob-finetune PyTorchJob/llm/finetune Master container pytorch',
  // One template: no role to name.
  'gpu-probe-attached Service-llama Service/llm/llama',
  'model-card-skew Service-llama',
  'secret-missing Service-llama',
  'gpu-probe-attached Rollout-llama Rollout/llm/llama',
  'model-card-skew Rollout-llama',
  'model-card-skew Rollout-llama-ref-elsewhere',
  'secret-missing Rollout-llama',
  'gpu-probe-attached NIMService-llama-3-1-8b-instruct NIMService/nim/llama-3-1-8b-instruct',
  'model-card-skew NIMService-llama-3-1-8b-instruct',
  'secret-missing NIMService-llama-3-1-8b-instruct',
  // A worker image computed from another resource: that role cannot be verified, the leader can.
  'gpu-probe-attached LeaderWorkerSet-vllm-mirrored LeaderWorkerSet/llm/vllm-mirrored leader',
  'gpu-probe-attached LeaderWorkerSet-vllm-mirrored LeaderWorkerSet/llm/vllm-mirrored worker',
  'model-card-skew LeaderWorkerSet-vllm-mirrored LeaderWorkerSet/llm/vllm-mirrored worker container worker',
];

describe('policy pack under the emulated engine: workload kinds as CustomResources', () => {
  let result: PreviewResult;
  const of = (name: string, policy: string) =>
    result.diagnostics.filter((diagnostic) => diagnostic.name === name && diagnostic.policyName === policy);

  before(async () => {
    result = await runPreview({ programDir: PROGRAM, packDir: join(REPO_ROOT, 'policies') });
  });

  it('per role: a card that binds, a skew caught, a missing Secret, a GPU role without the probe', () => {
    assert.equal(result.failed, true);
    // One diagnostic per card field that disagrees: each role's findings, counted once. As in
    // check-kinds, errors are judged here; a skew's advisory notes (cannot verify) are tested where made.
    const errors = result.diagnostics.filter(
      (diagnostic) =>
        diagnostic.policyName !== 'model-card-skew' || diagnostic.enforcementLevel === 'mandatory',
    );
    assert.deepEqual([...new Set(errors.map(found))].sort(), [...EXPECTED].sort());
  });

  it('resolves a KServe model: form against the ServingRuntime in the stack (linkWorkloads), as preflight check does', () => {
    // Bound through the runtime's vllm/vllm-openai image and agreeing: no skew, no "cannot verify".
    assert.deepEqual(of('InferenceService-llama-by-name', 'model-card-skew'), []);
    const [probe] = of('InferenceService-llama-by-name', 'gpu-probe-attached');
    assert.match(probe!.message, /predictor requests 1 GPU \(container kserve-container\)/);
    const [elsewhere] = of('InferenceService-llama-elsewhere', 'model-card-skew');
    assert.match(elsewhere!.message, /cannot be matched to a model card|comes from/);
  });

  it('NIMService: no pod template, so the probe finding says it cannot be attached there; authSecret checked', () => {
    const [probe] = of('NIMService-llama-3-1-8b-instruct', 'gpu-probe-attached');
    assert.match(probe!.message, /fix: This kind has no pod template \(its operator builds the pod\)/);
    const [secret] = of('NIMService-llama-3-1-8b-instruct', 'secret-missing');
    assert.match(secret!.message, /secret ngc-api-secret key NGC_API_KEY \(authSecret\) is not provided/);
  });

  it("says a role's image is unknown at preview for that role alone", () => {
    const skews = of('LeaderWorkerSet-vllm-mirrored', 'model-card-skew');
    assert.ok(skews.length > 0);
    for (const skew of skews)
      assert.match(skew.message, /^LeaderWorkerSet\/llm\/vllm-mirrored worker container worker: /m);
    assert.ok(
      skews.some((skew) =>
        /the image of container worker is computed at deploy time \(unknown at preview: computed from another resource\)/.test(
          skew.message,
        ),
      ),
    );
  });
});
