import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../core/errors';
import { type PolicyDiagnostic, type PreviewResult, runPreview } from '../../policies/engine';
import { REPO_ROOT } from '../harness/run-cli';

// The real pack over real gRPC; the engine is emulated (programs run under runtime.setMocks in preview).
const PACK = join(REPO_ROOT, 'policies');
const PROGRAMS = join(REPO_ROOT, 'test', 'fixtures', 'pulumi');

function preview(program: string, policyPackConfig?: Record<string, unknown>): Promise<PreviewResult> {
  return runPreview({ programDir: join(PROGRAMS, program), packDir: PACK, policyPackConfig });
}

function cudaDiagnostics(result: PreviewResult): PolicyDiagnostic[] {
  return result.diagnostics.filter((diagnostic) => diagnostic.policyName === 'cuda-driver-compat');
}

describe('cuda-driver-compat policy under the emulated engine', () => {
  it('blocks a Deployment whose GFD nodeSelector pins a driver too old for its image, and keeps minor-version compatibility advisory', async () => {
    const result = await preview('cuda-driver');
    assert.equal(result.failed, true);
    const diagnostics = cudaDiagnostics(result);
    assert.equal(diagnostics.length, 2);
    const blocking = diagnostics.find((diagnostic) => diagnostic.name === 'llm');
    const advisory = diagnostics.find((diagnostic) => diagnostic.name === 'warmup');
    assert.equal(blocking!.enforcementLevel, 'mandatory');
    assert.equal(blocking!.type, 'kubernetes:apps/v1:Deployment');
    assert.equal(blocking!.urn, 'urn:pulumi:dev::cuda-driver::kubernetes:apps/v1:Deployment::llm');
    assert.match(
      blocking!.message,
      /^The image's CUDA version needs a newer NVIDIA driver than the target nodes have\.\nDeployment\/llm\/llm container server needs CUDA 12\.4 \(tag 2\.3\.0-cuda12\.4\), but driver 525\.60\.11 \(nodeSelector nvidia\.com\/cuda\.driver-version\.full\) supports CUDA up to 11\.8: the app fails at its first CUDA call/,
    );
    assert.match(
      blocking!.message,
      /fix: Use an image built for CUDA 11\.8 or older, upgrade the nodes' driver to 550\.54\.14 or newer, or attach the runtime probe in fallback mode/,
    );

    // The Job's tag names no CUDA: its card (a ModelCard component) says 12.1.
    assert.equal(advisory!.enforcementLevel, 'advisory');
    assert.equal(advisory!.type, 'kubernetes:batch/v1:Job');
    assert.match(
      advisory!.message,
      /needs CUDA 12\.1 \(model card .*runtime\.cuda\), but driver 525 \(only the driver branch is declared; compared as 525\.60\.13\) \(nodeAffinity nvidia\.com\/cuda\.driver\.major\) supports CUDA up to 12\.0: it runs only by minor-version compatibility/,
    );
  });

  it('takes gpuDriver from the policy config, where no workload declares one', async () => {
    const result = await preview('annotated', { 'cuda-driver-compat': { gpuDriver: '470.82.01' } });
    const [finding, ...more] = cudaDiagnostics(result);
    assert.equal(more.length, 0);
    assert.equal(finding?.enforcementLevel, 'mandatory');
    assert.match(finding!.message, /driver 470\.82\.01 \(config gpu_driver\) supports CUDA up to 11\.4/);

    const fine = await preview('annotated', { 'cuda-driver-compat': { gpuDriver: '550' } });
    assert.deepEqual(cudaDiagnostics(fine), []);
    const undeclared = await preview('annotated');
    assert.deepEqual(cudaDiagnostics(undeclared), [], 'not applicable without a declared driver');
  });

  it('refuses a gpuDriver that is not a driver version', async () => {
    await assert.rejects(preview('annotated', { 'cuda-driver-compat': { gpuDriver: 'r535' } }), (error) => {
      assert.ok(error instanceof InputError);
      assert.match(error.message, /cuda-driver-compat: gpuDriver: must match pattern/);
      return true;
    });
  });
});
