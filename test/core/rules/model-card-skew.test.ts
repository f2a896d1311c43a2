import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { type Config, DEFAULT_CONFIG } from '../../../core/model/config';
import type { Finding } from '../../../core/model/finding';
import type { ModelCard } from '../../../core/model/model-card';
import type { Workload } from '../../../core/model/workload';
import { card, deployment } from '../../harness/workloads';

const REVISION = '0e9e39f249a16976918f6564b8830bc894c89659';
const IMAGE = 'ghcr.io/acme/llm-server';

function skewFindings(workloads: Workload[], cards: ModelCard[], config: Partial<Config> = {}): Finding[] {
  return runCheck({ workloads, cards }, { ...DEFAULT_CONFIG, ...config }, '2026-11-25').findings.filter(
    (finding) => finding.rule === 'model-card-skew',
  );
}

describe('model-card-skew', () => {
  it("reports the seed's tokenizer skew with declared, effective, source and position", () => {
    const workload = deployment('api', {
      name: 'vllm',
      image: `${IMAGE}:2.3.0`,
      env: { TOKENIZER_SHA: '9e7f02d' },
    });
    const [finding, ...rest] = skewFindings(
      [workload],
      [card({ tokenizer_sha: 'ad4c1b9', image: { repository: IMAGE } })],
    );
    assert.equal(rest.length, 0);
    assert.equal(finding!.severity, 'error');
    assert.equal(finding!.declared, 'ad4c1b9');
    assert.equal(finding!.effective, '9e7f02d');
    assert.equal(finding!.source, 'env TOKENIZER_SHA');
    assert.equal(finding!.target, 'Deployment/llm/api container vllm');
    assert.match(
      finding!.message,
      /^tokenizer_sha MISMATCH: model card \/cards\/model-card\.json declares ad4c1b9, env TOKENIZER_SHA says 9e7f02d$/,
    );
    assert.match(finding!.fix!, /override/);
  });

  it('accepts a tokenizer sha given as a longer or shorter prefix of the same hash', () => {
    const full = `ad4c1b9${'0'.repeat(57)}`;
    const workload = deployment('api', { image: `${IMAGE}:1`, env: { TOKENIZER_SHA: full } });
    const result = runCheck(
      { workloads: [workload], cards: [card({ tokenizer_sha: 'ad4c1b9', image: { repository: IMAGE } })] },
      DEFAULT_CONFIG,
    );
    assert.deepEqual(
      result.findings.filter((f) => f.rule === 'model-card-skew'),
      [],
    );
    assert.ok(
      result.passed.some((pass) => pass.subject === 'tokenizer_sha' && pass.source === 'env TOKENIZER_SHA'),
    );
  });

  it('compares the CUDA in the image tag with the card, honouring ignore_versions', () => {
    const workload = deployment('api', { image: `${IMAGE}:2.3.0-cuda12.4` });
    const cuda121 = card({ runtime: { cuda: '12.1' }, image: { repository: IMAGE } });
    const [finding] = skewFindings([workload], [cuda121]);
    assert.equal(finding?.declared, '12.1');
    assert.equal(finding?.effective, '12.4');
    assert.match(finding!.message, /runtime\.cuda MISMATCH \(minor drift\)/);
    assert.match(finding!.source!, /tag/);
    assert.deepEqual(skewFindings([workload], [cuda121], { ignore_versions: ['minor', 'patch'] }), []);
  });

  it('treats a patch release as drift unless patch is ignored', () => {
    const workload = deployment('api', { image: `${IMAGE}:x`, env: { CUDA_VERSION: '12.1.2' } });
    const cuda = card({ runtime: { cuda: '12.1.1' }, image: { repository: IMAGE } });
    assert.equal(skewFindings([workload], [cuda]).length, 1);
    assert.deepEqual(skewFindings([workload], [cuda], { ignore_versions: ['patch'] }), []);
    // A card that names only major.minor accepts every patch.
    assert.deepEqual(
      skewFindings([workload], [card({ runtime: { cuda: '12.1' }, image: { repository: IMAGE } })]),
      [],
    );
  });

  it('reads the CUDA an image requires from NVIDIA_REQUIRE_CUDA', () => {
    const env = { NVIDIA_REQUIRE_CUDA: 'cuda>=12.4 brand=tesla,driver>=470,driver<471' };
    const [finding] = skewFindings(
      [deployment('api', { image: `${IMAGE}:x`, env })],
      [card({ runtime: { cuda: '12.1' }, image: { repository: IMAGE } })],
    );
    assert.equal(finding?.effective, '12.4');
    assert.equal(finding?.source, 'env NVIDIA_REQUIRE_CUDA');
  });

  it('checks engine args: model id, revision as a prefix, and a branch that floats', () => {
    const cardWithModel = card({
      model: { id: 'meta-llama/Llama-3.1-8B-Instruct', revision: REVISION },
      image: { repository: IMAGE },
    });
    const args = (revision: string) => [
      '--model',
      'Meta-Llama/Llama-3.1-8B-Instruct',
      `--revision=${revision}`,
    ];
    assert.deepEqual(
      skewFindings([deployment('api', { image: `${IMAGE}:1`, args: args('0e9e39f') })], [cardWithModel]),
      [],
    );

    const [other] = skewFindings(
      [deployment('api', { image: `${IMAGE}:1`, args: args('5206a32') })],
      [cardWithModel],
    );
    assert.equal(other?.source, 'args --revision');
    assert.equal(other?.severity, 'error');

    const [floating] = skewFindings(
      [deployment('api', { image: `${IMAGE}:1`, args: args('main') })],
      [cardWithModel],
      {
        unknown_values: 'warning',
      },
    );
    assert.equal(floating?.severity, 'warning');
    assert.match(floating!.message, /a name that can move; it cannot be verified/);
  });

  it("finds the model in `vllm serve <model>` inside a shell string, and knows vLLM's tokenizer default", () => {
    const workload = deployment('api', {
      image: `${IMAGE}:1`,
      command: ['sh', '-c', 'exec vllm serve org/model-a --port 8000'],
    });
    const declared = card({
      model: { id: 'org/model-a' },
      tokenizer: { id: 'org/tokenizer-b' },
      image: { repository: IMAGE },
    });
    const [finding, ...rest] = skewFindings([workload], [declared]);
    assert.equal(rest.length, 0);
    assert.equal(finding?.declared, 'org/tokenizer-b');
    assert.equal(finding?.effective, 'org/model-a');
    assert.match(finding!.source!, /vllm serve, the engine's default for tokenizer\.id/);
  });

  it('ignores local model paths, which are not hub ids', () => {
    const workload = deployment('api', { image: `${IMAGE}:1`, args: ['--model', '/models/llama'] });
    const findings = skewFindings(
      [workload],
      [card({ model: { id: 'org/llama' }, image: { repository: IMAGE } })],
    );
    assert.deepEqual(
      findings.map((finding) => [finding.severity, finding.message.split(' (')[0]]),
      [['note', 'model.id: cannot verify: nothing in the inputs says the effective value']],
    );
  });

  it('requires the env names the card requires, softening to a note when envFrom may provide them', () => {
    const required = card({ env: { required: ['HF_TOKEN'] }, image: { repository: IMAGE } });
    const [missing] = skewFindings(
      [deployment('api', { image: `${IMAGE}:1`, env: { OTHER: 'x' } })],
      [required],
    );
    assert.equal(missing?.severity, 'error');
    assert.match(missing!.message, /env HF_TOKEN is required by model card/);
    const [maybe] = skewFindings([deployment('api', { image: `${IMAGE}:1`, envFromSources: 1 })], [required]);
    assert.equal(maybe?.severity, 'note');
  });

  it('pins the digest: by-tag references cannot be verified, a different digest is skew', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const pinned = card({ image: { repository: IMAGE, digest } });
    const [byTag] = skewFindings([deployment('api', { image: `${IMAGE}:1` })], [pinned]);
    assert.equal(byTag?.severity, 'error');
    assert.match(byTag!.message, /referenced by tag, which can move/);
    assert.deepEqual(skewFindings([deployment('api', { image: `${IMAGE}@${digest}` })], [pinned]), []);
    const [other] = skewFindings(
      [deployment('api', { image: `${IMAGE}@sha256:${'b'.repeat(64)}` })],
      [pinned],
    );
    assert.match(other!.message, /image\.digest MISMATCH/);
  });

  it('binds cards by repository, written with or without the default registry', () => {
    const workload = deployment('api', { image: 'docker.io/vllm/vllm-openai:v0.6.0' });
    const findings = skewFindings(
      [workload],
      [card({ runtime: { vllm: '0.5.4' }, image: { repository: 'vllm/vllm-openai' } })],
    );
    assert.equal(findings.length, 1);
    assert.equal(findings[0]!.effective, '0.6.0');
  });

  it('warns about a card that binds to no container, so nothing passes unchecked', () => {
    const [finding] = skewFindings(
      [deployment('api', { image: 'ghcr.io/acme/other:1' })],
      [card({ tokenizer_sha: 'ad4c1b9', image: { repository: IMAGE } })],
    );
    assert.equal(finding?.severity, 'warning');
    assert.match(finding!.message, /binds to no container/);
  });

  it('reports a computed image at the configured level instead of passing it', () => {
    const computed = deployment('api', { imageUnknown: 'Fn::GetAtt' });
    const cards = [card({ image: { repository: IMAGE } })];
    const findings = skewFindings([computed], cards);
    assert.equal(findings[0]?.severity, 'error');
    assert.match(findings[0]!.message, /computed at deploy time \(Fn::GetAtt\)/);
    assert.equal(skewFindings([computed], cards, { unknown_values: 'warning' })[0]?.severity, 'warning');
  });

  it('reports an effective value that is not a version instead of passing it', () => {
    const [finding] = skewFindings(
      [deployment('api', { image: `${IMAGE}:x`, env: { CUDA_VERSION: 'latest' } })],
      [card({ runtime: { cuda: '12.1' }, image: { repository: IMAGE } })],
    );
    assert.equal(finding?.severity, 'error');
    assert.match(finding!.message, /not a version/);
  });

  it('says nothing about containers no card speaks for', () => {
    const workload = deployment('api', { image: 'redis:7', env: { CUDA_VERSION: '11.8' } });
    assert.deepEqual(skewFindings([workload], []), []);
  });
});
