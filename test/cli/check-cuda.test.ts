import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

/** A GPU Deployment pinned by a GPU Feature Discovery nodeSelector label to a driver. */
function gpuDeployment(image: string, label: string, driver: string): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: vllm, namespace: llm }',
    'spec:',
    '  selector: { matchLabels: { app: vllm } }',
    '  template:',
    '    metadata: { labels: { app: vllm } }',
    '    spec:',
    '      nodeSelector:',
    `        ${label}: "${driver}"`,
    '      containers:',
    '        - name: server',
    `          image: ${image}`,
    '          resources: { limits: { nvidia.com/gpu: 1 } }',
    '',
  ].join('\n');
}

describe('preflight check: cuda-driver-compat', () => {
  it('blocks an image whose CUDA the GFD-selected driver cannot run (exit 1), over the config driver', () => {
    const dir = tempFiles({
      'preflight.yaml': 'gpu_driver: "550.54.15"\n',
      'k8s.yaml': gpuDeployment(
        'ghcr.io/acme/llm-server:2.3.0-cuda12.4',
        'nvidia.com/cuda.driver-version.full',
        '470.82.01',
      ),
    });
    const run = runCli(['check', 'k8s.yaml'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(
      run.stdout,
      /✖ Deployment\/llm\/vllm container server needs CUDA 12\.4 \(tag 2\.3\.0-cuda12\.4\), but driver 470\.82\.01 \(nodeSelector nvidia\.com\/cuda\.driver-version\.full\) supports CUDA up to 11\.4: the app fails at its first CUDA call \(CUDA error 35\/804\) {2}cuda-driver-compat\n/,
    );
    assert.match(
      run.stdout,
      /declared \.+ driver 470\.82\.01 \(nodeSelector nvidia\.com\/cuda\.driver-version\.full\), CUDA up to 11\.4\n/,
    );
    assert.match(run.stdout, /effective \.+ CUDA 12\.4 {2}\(tag 2\.3\.0-cuda12\.4\)\n/);
    assert.match(run.stdout, /at k8s\.yaml:13:18\n/);
    assert.match(
      run.stdout,
      /→ Use an image built for CUDA 11\.4 or older, upgrade the nodes' driver to 550\.54\.14 or newer, or attach the runtime probe in fallback mode/,
    );
    assert.match(run.stdout, /→ Aborting deploy \(1 blocking finding: cuda-driver-compat\)/);
  });

  it('passes a branch-only label that supports the CUDA, and warns on minor-version compatibility (exit 0)', () => {
    const dir = tempFiles({
      'ok.yaml': gpuDeployment(
        'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
        'nvidia.com/cuda.driver-version.major',
        '535',
      ),
      'mvc.yaml': gpuDeployment(
        'ghcr.io/acme/llm-server:2.3.0-cuda12.4',
        'nvidia.com/cuda.driver.major',
        '535',
      ),
    });
    const ok = runCli(['check', 'ok.yaml'], { cwd: dir });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(
      ok.stdout,
      /✔ runtime\.cuda vs driver \.+ 12\.1; driver 535 \(branch\) supports up to 12\.2 {2}\(tag 2\.3\.0-cuda12\.1-cudnn8-runtime; nodeSelector nvidia\.com\/cuda\.driver-version\.major\)/,
    );
    const mvc = runCli(['check', 'mvc.yaml', '--format', 'json'], { cwd: dir });
    assert.equal(mvc.code, 0, mvc.stdout + mvc.stderr);
    const [finding] = JSON.parse(mvc.stdout).findings;
    assert.equal(finding.rule, 'cuda-driver-compat');
    assert.equal(finding.severity, 'warning');
    assert.match(
      finding.message,
      /driver 535 \(only the driver branch is declared; compared as 535\.54\.03\)/,
    );
  });

  it('refuses a gpu_driver that is not a driver version (exit 2), naming the file and position', () => {
    const dir = tempFiles({
      'preflight.yaml': 'gpu_driver: latest\n',
      'k8s.yaml': gpuDeployment('ghcr.io/acme/llm-server:1', 'app', 'x'),
    });
    const run = runCli(['check', 'k8s.yaml'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /preflight\.yaml:1:13: gpu_driver: expected an NVIDIA driver version/);
  });
});
