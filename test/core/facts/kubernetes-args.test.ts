import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { servedModelFact } from '../../../core/facts/container-facts';
import { expandReferences } from '../../../core/facts/kubelet-expansion';
import { loadModelCard } from '../../../core/loaders/model-card';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import type { Finding } from '../../../core/model/finding';
import { loadWorkloads } from '../../../core/workloads/load-inputs';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'workloads', 'k8s-args');
const CARD = loadModelCard(join(FIXTURES, 'model-card.json'));

function check(file: string) {
  const { workloads } = loadWorkloads([join(FIXTURES, file)]);
  return runCheck({ workloads, cards: [CARD] }, DEFAULT_CONFIG, '2026-12-06');
}

function skew(findings: Finding[]): Finding[] {
  return findings.filter((finding) => finding.rule === 'model-card-skew');
}

describe('$(VAR_NAME) in command and args, expanded as the kubelet does', () => {
  it('reads --model=$(MODEL_ID) as the value of env MODEL_ID (GKE vLLM sample shape): no false MISMATCH', () => {
    const result = check('gke-vllm-expanded.yaml');
    assert.deepEqual(skew(result.findings), []);
    const model = result.passed.find((pass) => pass.subject === 'model.id' && pass.source === 'args --model');
    assert.equal(model?.value, 'google/gemma-2-2b-it');
    assert.ok(result.passed.some((pass) => pass.subject === 'tokenizer.id'));
  });

  it('says a model from a valueFrom variable is set at run time: cannot verify, not a MISMATCH', () => {
    const findings = skew(check('value-from-model.yaml').findings);
    assert.ok(findings.length > 0);
    for (const finding of findings) {
      assert.doesNotMatch(finding.message, /MISMATCH/);
      assert.match(finding.message, /cannot verify/);
      assert.match(finding.message, /env MODEL_ID is set at run time/);
      assert.equal(finding.severity, DEFAULT_CONFIG.unknown_values);
    }
    const model = findings.find((finding) => finding.source === 'args --model');
    assert.equal(model?.effective, '$(MODEL_ID)');
    assert.equal(model?.location?.line, 20);
    assert.ok(findings.some((finding) => finding.source === 'env MODEL_ID' && finding.location?.line === 22));
  });

  it('expands env values against the entries before them only, as the kubelet builds the env', () => {
    const result = check('env-chain.yaml');
    assert.ok(
      result.passed.some(
        (pass) =>
          pass.subject === 'model.id' &&
          pass.value === 'google/gemma-2-2b-it' &&
          pass.source === 'args --model',
      ),
    );
    // LATER is defined after TOKENIZER_ID: the kubelet leaves $(LATER) as written.
    const tokenizer = skew(result.findings).filter((finding) => finding.message.startsWith('tokenizer.id'));
    assert.deepEqual(
      tokenizer.map((finding) => [finding.source, finding.effective]),
      [
        ['env TOKENIZER_ID', '$(LATER)/gemma-2-2b-it'],
        ['args --tokenizer', '$(LATER)/gemma-2-2b-it'],
      ],
    );
    assert.match(tokenizer[0]!.message, /MISMATCH/);
  });

  it('follows third_party/forked/golang/expansion byte for byte', () => {
    const vars = new Map([
      ['A', { value: 'x' }],
      ['R', { runtime: 'R' }],
    ]);
    const cases: [string, string][] = [
      ['$(A)', 'x'],
      ['$$(A)', '$(A)'],
      ['$$$(A)', '$x'],
      ['$(B)', '$(B)'],
      ['$(A', '$(A'],
      ['$A', '$A'],
      ['a$', 'a$'],
      ['$(A)$(A)-$(', 'xx-$('],
      ['$()', '$()'],
      ['$(R)', '$(R)'],
    ];
    for (const [input, want] of cases) assert.equal(expandReferences(input, vars).text, want, input);
    assert.deepEqual(expandReferences('--m=$(R)', vars).runtime, ['R']);
    assert.deepEqual(expandReferences('$(B)', vars).runtime, []);
    assert.deepEqual(expandReferences('$(B)', vars, true).runtime, ['B'], 'envFrom may define B');
  });
});

describe('engine arguments: each engine reads the model where it says', () => {
  it('finds the model of vLLM (positional after flags, the image entrypoint, --model late, sh -c), SGLang and TGI', () => {
    const findings = skew(check('engines.yaml').findings).filter(
      (finding) => finding.message.startsWith('model.id') && !finding.message.includes('default'),
    );
    const read = findings.map((finding) => [finding.target.split(' ')[0], finding.effective, finding.source]);
    assert.deepEqual(read, [
      ['Deployment/vllm-flags-first', 'acme/flags-first', 'args vllm serve'],
      ['Deployment/vllm-entrypoint', 'acme/entrypoint', "args vllm serve (the image's entrypoint)"],
      ['Deployment/vllm-model-late', 'acme/model-late', 'args --model'],
      ['Deployment/vllm-shell', 'acme/shell-form', 'args vllm serve'],
      ['Deployment/sglang', 'acme/sglang', 'args --model-path'],
      ['Deployment/tgi-flag', 'acme/tgi-flag', 'args --model-id'],
      ['Deployment/tgi-env', 'acme/tgi-env', 'env MODEL_ID'],
    ]);
    for (const finding of findings) assert.match(finding.message, /MISMATCH/);
  });

  it('says so when an argument list names no model where the engine reads it', () => {
    const findings = skew(check('engines-unplaced.yaml').findings).filter((finding) =>
      finding.message.startsWith('model.id'),
    );
    assert.deepEqual(
      findings.map((finding) => finding.target.split(' ')[0]),
      ['Deployment/vllm-served-names', 'Deployment/sglang-config'],
    );
    assert.match(findings[0]!.message, /cannot verify .*the vLLM arguments do not name the model/);
    assert.match(findings[1]!.message, /SGLang arguments do not name the model .*--model-path/);
    assert.equal(findings[0]!.severity, DEFAULT_CONFIG.unknown_values);
  });

  it('reads a shell script: $NAME from a literal env var is expanded, a command substitution cannot be verified', () => {
    const findings = skew(check('shell-forms.yaml').findings).filter(
      (finding) => finding.message.startsWith('model.id') && finding.source === 'args vllm serve',
    );
    assert.deepEqual(
      findings.map((finding) => [finding.target.split(' ')[0], finding.effective]),
      [
        ['Deployment/shell-env', 'acme/shell-env'],
        ['Deployment/shell-substitution', '$(cat'],
      ],
    );
    assert.match(findings[0]!.message, /MISMATCH/);
    assert.match(findings[1]!.message, /cannot verify.*the shell expands it when the container runs/);
  });

  it('exposes the served model of a container for binding by model (servedModelFact)', () => {
    const { workloads } = loadWorkloads([
      join(FIXTURES, 'engines.yaml'),
      join(FIXTURES, 'value-from-model.yaml'),
    ]);
    const served = workloads.map((workload) => servedModelFact(workload, workload.containers[0]!));
    assert.deepEqual(
      served.map((fact) => fact?.value),
      [
        'acme/flags-first',
        'acme/entrypoint',
        'acme/model-late',
        'acme/shell-form',
        'acme/sglang',
        'acme/tgi-flag',
        'acme/tgi-env',
        '$(MODEL_ID)',
      ],
    );
    assert.match(served.at(-1)!.unknown!, /set at run time/);
  });
});
