import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import { loadWorkloads } from '../../../core/workloads/load-inputs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'workloads', 'k8s-args');

describe('GPUs requested through Dynamic Resource Allocation', () => {
  it('counts claims whose device class is NVIDIA, resolved against the claims in the inputs', () => {
    const { workloads } = loadWorkloads([join(FIXTURES, 'dra-gpus.yaml')]);
    assert.deepEqual(
      workloads.map((workload) => [workload.name, workload.containers[0]!.gpus]),
      [
        ['vllm-dra', 1],
        ['trainer-v1beta1', 2],
        ['shared-claim', 1],
        ['network-only', 0],
        ['cluster-claim', 0],
      ],
    );
  });

  it('makes gpu-probe-attached warn for them, and note a claim it cannot resolve', () => {
    const { workloads } = loadWorkloads([join(FIXTURES, 'dra-gpus.yaml')]);
    const { findings } = runCheck({ workloads, cards: [] }, DEFAULT_CONFIG, '2026-12-06');
    const probe = findings.filter((finding) => finding.rule === 'gpu-probe-attached');
    assert.deepEqual(
      probe.map((finding) => [finding.target, finding.severity]),
      [
        ['Deployment/llm/vllm-dra', 'warning'],
        ['Deployment/llm/trainer-v1beta1', 'warning'],
        ['Pod/llm/shared-claim', 'warning'],
        // dranet.net is no NVIDIA class, and no DeviceClass of that name is in the inputs.
        ['Deployment/llm/network-only', 'note'],
        ['Deployment/llm/cluster-claim', 'note'],
      ],
    );
    assert.match(probe[1]!.message, /requests 2 GPUs/);
    assert.match(
      probe[4]!.message,
      /resource claim accel \(ResourceClaimTemplate cluster-accelerator\).*cannot tell whether it requests a GPU/,
    );
    assert.equal(probe[4]!.location?.line, 167);
  });
});
