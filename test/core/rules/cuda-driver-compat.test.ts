import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHECK_RULES, runCheck } from '../../../core/check/run-check';
import { lowestDriverOfBranch } from '../../../core/cuda/declared-driver';
import { loadConfig } from '../../../core/loaders/config';
import { parseDocuments } from '../../../core/loaders/documents';
import { type Config, DEFAULT_CONFIG } from '../../../core/model/config';
import type { Finding, Passed } from '../../../core/model/finding';
import type { ModelCard } from '../../../core/model/model-card';
import type { Workload } from '../../../core/model/workload';
import { ruleInfo } from '../../../core/rules/catalog';
import { cudaDriverCompat } from '../../../core/rules/cuda-driver-compat';
import { workloadsFromKubernetes } from '../../../core/workloads/kubernetes';
import { expectInputError } from '../../harness/input-error';
import { tempFiles } from '../../harness/temp-files';
import { card, deployment } from '../../harness/workloads';

const IMAGE = 'ghcr.io/acme/llm-server';

function check(
  workloads: Workload[],
  config: Partial<Config> = {},
  cards: ModelCard[] = [],
): { findings: Finding[]; passed: Passed[] } {
  const result = runCheck({ workloads, cards }, { ...DEFAULT_CONFIG, ...config }, '2026-11-25');
  return {
    findings: result.findings.filter((finding) => finding.rule === 'cuda-driver-compat'),
    passed: result.passed.filter((pass) => pass.rule === 'cuda-driver-compat'),
  };
}

function gpuServer(tag: string, env: Record<string, string> = {}): Workload {
  return deployment('api', { name: 'vllm', image: `${IMAGE}:${tag}`, gpus: 1, env });
}

/** A GPU Deployment whose pod spec carries `podSpecLines` (indented under `spec.template.spec`). */
function manifest(image: string, podSpecLines: string[]): Workload[] {
  const text = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata: { name: api, namespace: llm }',
    'spec:',
    '  template:',
    '    spec:',
    ...podSpecLines.map((line) => `      ${line}`),
    '      containers:',
    `        - name: vllm`,
    `          image: ${image}`,
    `          resources: { limits: { nvidia.com/gpu: 1 } }`,
  ].join('\n');
  return parseDocuments(text, '/manifests/api.yaml').flatMap(workloadsFromKubernetes);
}

describe('cuda-driver-compat', () => {
  it('matches its catalog entry and runs in preflight check right after model-card-skew', () => {
    const info = ruleInfo('cuda-driver-compat');
    assert.deepEqual(
      [cudaDriverCompat.id, cudaDriverCompat.description, cudaDriverCompat.defaultSeverity],
      [info.id, info.description, info.defaultSeverity],
    );
    const ids = CHECK_RULES.map((rule) => rule.id);
    assert.equal(ids.indexOf('cuda-driver-compat'), ids.indexOf('model-card-skew') + 1);
  });

  it('warns when a config driver runs the tag CUDA only by minor-version compatibility (535.104.05 vs 12.4)', () => {
    const { findings, passed } = check([gpuServer('2.3.0-cuda12.4')], { gpu_driver: '535.104.05' });
    assert.deepEqual(passed, []);
    const [finding, ...rest] = findings;
    assert.equal(rest.length, 0);
    assert.equal(finding!.severity, 'warning');
    assert.equal(finding!.target, 'Deployment/llm/api container vllm');
    assert.equal(finding!.declared, 'driver 535.104.05 (config gpu_driver), CUDA up to 12.2');
    assert.equal(finding!.effective, 'CUDA 12.4');
    assert.equal(finding!.source, 'tag 2.3.0-cuda12.4');
    assert.match(
      finding!.message,
      /^Deployment\/llm\/api container vllm needs CUDA 12\.4 \(tag 2\.3\.0-cuda12\.4\), but driver 535\.104\.05 \(config gpu_driver\) supports CUDA up to 12\.2: it runs only by minor-version compatibility/,
    );
    assert.match(
      finding!.fix!,
      /use an image built for CUDA 12\.2 or older, or upgrade the nodes' driver to 550\.54\.14 or newer/,
    );
  });

  it('blocks a driver too old for the CUDA major (525.60.13 vs 13.0), naming the fix', () => {
    const [finding] = check([gpuServer('2.9.0-cuda13.0')], { gpu_driver: '525.60.13' }).findings;
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding!.message,
      /needs CUDA 13\.0 \(tag 2\.9\.0-cuda13\.0\), but driver 525\.60\.13 \(config gpu_driver\) supports CUDA up to 12\.0: the app fails at its first CUDA call/,
    );
    assert.match(
      finding!.fix!,
      /^Use an image built for CUDA 12\.0 or older, upgrade the nodes' driver to 580\.65\.06 or newer, or attach the runtime probe in fallback mode/,
    );
    assert.equal(finding!.location?.file, '/manifests/api.yaml');
  });

  it('passes a driver that fully supports the CUDA (550.54.15 vs 12.4)', () => {
    const { findings, passed } = check([gpuServer('2.3.0-cuda12.4')], { gpu_driver: '550.54.15' });
    assert.deepEqual(findings, []);
    assert.deepEqual(passed, [
      {
        rule: 'cuda-driver-compat',
        target: 'Deployment/llm/api container vllm',
        subject: 'runtime.cuda vs driver',
        value: '12.4; driver 550.54.15 supports up to 12.4',
        source: 'tag 2.3.0-cuda12.4; config gpu_driver',
      },
    ]);
  });

  it('says nothing without a declared driver, and nothing for containers without a GPU', () => {
    assert.deepEqual(check([gpuServer('2.9.0-cuda13.0')]), { findings: [], passed: [] });
    const cpu = deployment('api', { image: `${IMAGE}:2.9.0-cuda13.0` });
    assert.deepEqual(check([cpu], { gpu_driver: '525.60.13' }), { findings: [], passed: [] });
    const visible = deployment('api', {
      image: `${IMAGE}:2.9.0-cuda13.0`,
      env: { NVIDIA_VISIBLE_DEVICES: 'all' },
    });
    assert.equal(check([visible], { gpu_driver: '525.60.13' }).findings[0]?.severity, 'error');
  });

  it('reads the current GFD driver labels from nodeSelector, over the config', () => {
    const [workload] = manifest(`${IMAGE}:2.3.0-cuda12.4`, [
      'nodeSelector:',
      "  nvidia.com/cuda.driver-version.full: '525.60.13'",
    ]);
    assert.deepEqual(workload!.nodeLabels?.['nvidia.com/cuda.driver-version.full'], {
      value: '525.60.13',
      via: 'nodeSelector',
      path: ['spec', 'template', 'spec', 'nodeSelector', 'nvidia.com/cuda.driver-version.full'],
    });
    const [finding] = check([workload!], { gpu_driver: '550.54.15' }).findings;
    assert.equal(finding?.severity, 'warning', '525.60.13 is the 12.x minor-version floor');
    assert.match(
      finding!.message,
      /but driver 525\.60\.13 \(nodeSelector nvidia\.com\/cuda\.driver-version\.full\) supports CUDA up to 12\.0/,
    );
    assert.deepEqual([finding!.location?.line, finding!.location?.column], [11, 18], 'at the image');

    const [parts] = manifest(`${IMAGE}:2.3.0-cuda12.4`, [
      'nodeSelector:',
      "  nvidia.com/cuda.driver-version.major: '550'",
      "  nvidia.com/cuda.driver-version.minor: '54'",
      "  nvidia.com/cuda.driver-version.revision: '15'",
    ]);
    const passed = check([parts!], { gpu_driver: '470.82.01' }).passed;
    assert.equal(passed[0]?.value, '12.4; driver 550.54.15 supports up to 12.4');
    assert.match(
      passed[0]!.source!,
      /nodeSelector nvidia\.com\/cuda\.driver-version\.major, .*\.minor, .*\.revision/,
    );
  });

  it('reads the deprecated GFD names, a two-part version with an empty rev included', () => {
    const [workload] = manifest(`${IMAGE}:2.9.0-cuda12.9`, [
      'nodeSelector:',
      "  nvidia.com/cuda.driver.major: '570'",
      "  nvidia.com/cuda.driver.minor: '26'",
      "  nvidia.com/cuda.driver.rev: ''",
    ]);
    const [finding] = check([workload!]).findings;
    assert.equal(finding?.severity, 'warning');
    assert.match(
      finding!.message,
      /driver 570\.26 \(nodeSelector nvidia\.com\/cuda\.driver\.major, nvidia\.com\/cuda\.driver\.minor\) supports CUDA up to 12\.8/,
    );
  });

  it('reads a required node-affinity In expression with one value', () => {
    const [workload] = manifest(`${IMAGE}:2.9.0-cuda13.0`, [
      'affinity:',
      '  nodeAffinity:',
      '    requiredDuringSchedulingIgnoredDuringExecution:',
      '      nodeSelectorTerms:',
      '        - matchExpressions:',
      '            - { key: nvidia.com/gpu.present, operator: Exists }',
      "            - { key: nvidia.com/cuda.driver-version.full, operator: In, values: ['525.60.13'] }",
    ]);
    const [finding] = check([workload!]).findings;
    assert.equal(finding?.severity, 'error');
    assert.match(
      finding!.message,
      /driver 525\.60\.13 \(nodeAffinity nvidia\.com\/cuda\.driver-version\.full\)/,
    );

    // Several values, or a label only one of the ORed terms pins, declare no single driver.
    const [either] = manifest(`${IMAGE}:2.9.0-cuda13.0`, [
      'affinity:',
      '  nodeAffinity:',
      '    requiredDuringSchedulingIgnoredDuringExecution:',
      '      nodeSelectorTerms:',
      "        - matchExpressions: [{ key: nvidia.com/cuda.driver-version.major, operator: In, values: ['525', '580'] }]",
      "        - matchExpressions: [{ key: nvidia.com/cuda.driver-version.full, operator: In, values: ['525.60.13'] }]",
      "        - matchExpressions: [{ key: nvidia.com/gpu.product, operator: In, values: ['NVIDIA-H100-80GB-HBM3'] }]",
    ]);
    assert.equal(either!.nodeLabels, undefined);
    assert.deepEqual(check([either!]), { findings: [], passed: [] });
  });

  it('compares a bare branch as its lowest driver and says so', () => {
    assert.equal(lowestDriverOfBranch(535).raw, '535.54.03');
    assert.equal(lowestDriverOfBranch(565).raw, '565.0');
    const [workload] = manifest(`${IMAGE}:2.3.0-cuda12.4`, [
      'nodeSelector:',
      "  nvidia.com/cuda.driver-version.major: '535'",
    ]);
    const [finding] = check([workload!]).findings;
    assert.equal(finding?.severity, 'warning');
    assert.match(
      finding!.message,
      /driver 535 \(only the driver branch is declared; compared as 535\.54\.03\) \(nodeSelector nvidia\.com\/cuda\.driver-version\.major\) supports CUDA up to 12\.2/,
    );
    const [fromConfig] = check([gpuServer('2.9.0-cuda13.0')], { gpu_driver: '525' }).findings;
    assert.match(
      fromConfig!.message,
      /driver 525 \(only the driver branch is declared; compared as 525\.60\.13\) \(config gpu_driver\)/,
    );
  });

  it("takes the card's CUDA when it is higher than the tag's, and says so", () => {
    const cuda126 = card({ runtime: { cuda: '12.6' }, image: { repository: IMAGE } });
    const [finding] = check([gpuServer('2.3.0-cuda12.4')], { gpu_driver: '550.54.15' }, [cuda126]).findings;
    assert.equal(finding?.severity, 'warning');
    assert.equal(finding!.effective, 'CUDA 12.6');
    assert.equal(finding!.source, 'model card /cards/model-card.json runtime.cuda');
    // NVIDIA_REQUIRE_CUDA above the tag wins too.
    const env = { NVIDIA_REQUIRE_CUDA: 'cuda>=12.8 brand=tesla,driver>=470,driver<471' };
    const [fromEnv] = check([gpuServer('2.3.0-cuda12.4', env)], { gpu_driver: '550.54.15' }).findings;
    assert.equal(fromEnv?.source, 'env NVIDIA_REQUIRE_CUDA');
  });

  it('notes a GPU container whose CUDA is unknown, and reports a computed image at the unknown_values level', () => {
    const [note] = check([gpuServer('latest')], { gpu_driver: '535' }).findings;
    assert.equal(note?.severity, 'note');
    assert.match(note!.message, /cannot tell which CUDA the image needs/);
    const computed = deployment('api', { imageUnknown: 'unknown at preview', gpus: 1 });
    const [unknown] = check([computed], { gpu_driver: '535' }).findings;
    assert.equal(unknown?.severity, 'error');
    assert.match(unknown!.message, /computed at deploy time \(unknown at preview\)/);
    assert.equal(
      check([computed], { gpu_driver: '535', unknown_values: 'warning' }).findings[0]?.severity,
      'warning',
    );
  });

  it('warns about a driver label no GPU node has, instead of falling back to the config', () => {
    const [workload] = manifest(`${IMAGE}:2.3.0-cuda12.4`, [
      'nodeSelector:',
      "  nvidia.com/cuda.driver-version.full: '535'",
    ]);
    const { findings } = check([workload!], { gpu_driver: '550.54.15' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.severity, 'warning');
    assert.equal(findings[0]!.target, 'Deployment/llm/api');
    assert.match(findings[0]!.message, /"535" is not a driver version GPU Feature Discovery writes/);
  });

  it('refuses a gpu_driver that is not a driver version, with its position', () => {
    const dir = tempFiles({
      'good.yaml': 'gpu_driver: 535\n',
      'bad.yaml': 'cuda_probe: { mode: warn }\ngpu_driver: r535-latest\n',
      'float.yaml': 'gpu_driver: 570.20\n',
    });
    assert.equal(loadConfig(join(dir, 'good.yaml')).gpu_driver, '535');
    assert.equal(loadConfig(join(dir, 'good.yaml')).cuda_probe.mode, 'fallback');
    const bad = expectInputError(() => loadConfig(join(dir, 'bad.yaml')));
    assert.equal(bad.field, 'gpu_driver');
    assert.deepEqual(
      [bad.location?.file, bad.location?.line, bad.location?.column],
      [join(dir, 'bad.yaml'), 2, 13],
    );
    assert.match(
      bad.message,
      /expected an NVIDIA driver version such as "535\.104\.05" or a branch such as "535", got "r535-latest"/,
    );
    const float = expectInputError(() => loadConfig(join(dir, 'float.yaml')));
    assert.match(float.message, /quote a version/);
    assert.equal(DEFAULT_CONFIG.gpu_driver, undefined);
  });
});
