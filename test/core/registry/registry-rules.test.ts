import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { type Config, DEFAULT_CONFIG, DEFAULT_REGISTRY_SETTINGS } from '../../../core/model/config';
import type { Finding } from '../../../core/model/finding';
import type { ModelCard } from '../../../core/model/model-card';
import type { Workload } from '../../../core/model/workload';
import type { ImageLookup } from '../../../core/registry/image-lookup';
import { card, deployment } from '../../harness/workloads';

const REPOSITORY = 'ghcr.io/acme/llm-server';
const IMAGE = `${REPOSITORY}:2.3.0-cuda12.1`;
const INDEX = `sha256:${'a'.repeat(64)}`;
const PLATFORM = `sha256:${'b'.repeat(64)}`;
const OTHER = `sha256:${'c'.repeat(64)}`;

function resolvedAs(env: Record<string, string>, labels: Record<string, string> = {}): ImageLookup {
  return {
    status: 'resolved',
    reference: IMAGE,
    digest: INDEX,
    platformDigest: PLATFORM,
    configDigest: `sha256:${'d'.repeat(64)}`,
    config: { platform: 'linux/amd64', env, labels },
    fromCache: false,
  };
}

function check(
  lookup: ImageLookup | undefined,
  cards: ModelCard[] = [],
  config: Partial<Config> = {},
  workload: Workload = deployment('api', { name: 'vllm', image: IMAGE }),
) {
  const images = lookup ? new Map([[IMAGE, lookup]]) : undefined;
  return runCheck({ workloads: [workload], cards, images }, { ...DEFAULT_CONFIG, ...config }, '2026-11-25');
}

function rule(findings: Finding[], id: string): Finding[] {
  return findings.filter((finding) => finding.rule === id);
}

describe('rules over registry facts', () => {
  it('model-card-skew finds a card against image config mismatch, with source "image config"', () => {
    const result = check(
      resolvedAs(
        { CUDA_VERSION: '12.1.1', PYTORCH_VERSION: '2.1.0' },
        { 'dev.preflight-guard.tokenizer-sha': '9e7f02d' },
      ),
      [card({ runtime: { pytorch: '2.3.0' }, tokenizer_sha: 'ad4c1b9', image: { repository: REPOSITORY } })],
    );
    const skews = rule(result.findings, 'model-card-skew').map(
      (f) => `${f.declared} ${f.effective} ${f.source}`,
    );
    assert.deepEqual(skews.sort(), [
      '2.3.0 2.1.0 image config env PYTORCH_VERSION',
      'ad4c1b9 9e7f02d image config label dev.preflight-guard.tokenizer-sha',
    ]);
    const [torch] = rule(result.findings, 'model-card-skew').filter((f) => f.declared === '2.3.0');
    assert.match(
      torch!.message,
      /^runtime\.pytorch MISMATCH \(minor drift\): model card .* declares 2\.3\.0, image config env PYTORCH_VERSION says 2\.1\.0$/,
    );
    assert.deepEqual(torch!.location, { file: '/manifests/api.yaml', line: 1, column: 1 });
  });

  it('image-tag-mismatch: the tag says cuda12.1 and the config CUDA_VERSION=11.8.0', () => {
    const result = check(resolvedAs({ CUDA_VERSION: '11.8.0' }));
    const [finding, ...rest] = rule(result.findings, 'image-tag-mismatch');
    assert.equal(rest.length, 0);
    assert.equal(finding!.severity, 'error');
    assert.equal(finding!.declared, '12.1');
    assert.equal(finding!.effective, '11.8.0');
    assert.equal(finding!.source, 'image config env CUDA_VERSION');
    assert.match(
      finding!.message,
      /^runtime\.cuda: tag 2\.3\.0-cuda12\.1 says 12\.1 but the image it names \(sha256:aaaaaaaaaaaa\) has env CUDA_VERSION=11\.8\.0$/,
    );
  });

  it('image-tag-mismatch passes when the config agrees as far as the tag says', () => {
    const result = check(resolvedAs({ CUDA_VERSION: '12.1.1' }));
    assert.deepEqual(rule(result.findings, 'image-tag-mismatch'), []);
    assert.ok(
      result.passed.some((pass) => pass.rule === 'image-tag-mismatch' && pass.subject === 'runtime.cuda'),
    );
  });

  it('image-digest-moved: the card pins a digest and the tag resolves elsewhere; the index or platform digest both pass', () => {
    const pinned = (digest: string) => [card({ image: { repository: REPOSITORY, digest } })];
    const moved = check(resolvedAs({}), pinned(OTHER));
    const [finding] = rule(moved.findings, 'image-digest-moved');
    assert.equal(finding!.declared, OTHER);
    assert.equal(finding!.effective, INDEX);
    assert.match(
      finding!.message,
      /pins sha256:ccccccc.* but ghcr\.io\/acme\/llm-server:2\.3\.0-cuda12\.1 now resolves to sha256:aaaaaaa.*: the tag moved/,
    );
    assert.deepEqual(
      rule(moved.findings, 'model-card-skew'),
      [],
      'no "cannot be verified offline" once it was verified',
    );
    for (const digest of [INDEX, PLATFORM])
      assert.deepEqual(rule(check(resolvedAs({}), pinned(digest)).findings, 'image-digest-moved'), []);
    const offline = check(undefined, pinned(OTHER));
    assert.match(rule(offline.findings, 'model-card-skew')[0]!.message, /cannot be verified offline/);
  });

  it('image-unresolved reports at the configured level, with the reason and what to do', () => {
    const lookup: ImageLookup = {
      status: 'unresolved',
      reference: IMAGE,
      failure: 'unauthorized',
      reason: 'ghcr.io asks for credentials',
    };
    const [warning] = rule(check(lookup).findings, 'image-unresolved');
    assert.equal(warning!.severity, 'warning');
    assert.equal(warning!.message, `cannot resolve ${IMAGE}: ghcr.io asks for credentials`);
    assert.match(warning!.fix!, /auths/);
    const strict = { registry: { ...DEFAULT_REGISTRY_SETTINGS, unresolved: 'error' as const } };
    assert.equal(rule(check(lookup, [], strict).findings, 'image-unresolved')[0]!.severity, 'error');
  });

  it('makes no finding of its own when lookups did not run', () => {
    const result = check(undefined);
    for (const id of ['image-tag-mismatch', 'image-digest-moved', 'image-unresolved'])
      assert.deepEqual(rule(result.findings, id), []);
  });
});
