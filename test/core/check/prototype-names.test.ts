import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from '../../../core/check/run-check';
import { factsFromImage, parseImageRef } from '../../../core/images';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import { imageConfigFacts } from '../../../core/registry/image-config-facts';
import { card, deployment } from '../../harness/workloads';

const IMAGE = 'ghcr.io/acme/llm-server';
/** Names an object literal would answer from Object.prototype. */
const PROTOTYPE_NAMES = ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty'];

describe('inputs named like Object.prototype members', () => {
  it('env vars and engine args named toString, constructor, __proto__ are read as plain names', () => {
    const env = Object.fromEntries(PROTOTYPE_NAMES.map((name) => [name, 'x']));
    const workload = deployment('api', {
      image: `${IMAGE}:2.3.0`,
      env: { ...env, MODEL_ID: 'acme/other' },
      args: ['serve', 'constructor', 'toString', '--model', 'acme/other'],
    });
    const result = runCheck(
      { workloads: [workload], cards: [card({ model: { id: 'acme/llm' }, image: { repository: IMAGE } })] },
      DEFAULT_CONFIG,
      '2026-11-26',
    );
    const skew = result.findings.filter((finding) => finding.rule === 'model-card-skew');
    // Only the real facts speak: MODEL_ID and --model, both at their own positions.
    assert.deepEqual(
      skew.map((finding) => [finding.source, finding.effective, finding.location?.file]),
      [
        ['env MODEL_ID', 'acme/other', '/manifests/api.yaml'],
        ['args --model', 'acme/other', '/manifests/api.yaml'],
      ],
    );
  });

  it('image config env and labels with such names give no facts', () => {
    const names = Object.fromEntries(PROTOTYPE_NAMES.map((name) => [name, 'x']));
    assert.deepEqual(
      imageConfigFacts({ platform: 'linux/amd64', env: names, labels: names }).map((fact) => fact.key),
      [],
    );
  });

  it('a tag convention group named constructor or toString is a runtime field of that name', () => {
    const convention = { repository: 'acme/app', tag: /^(?<constructor>\d+)-(?<toString>\d+)$/ };
    const facts = factsFromImage(parseImageRef('acme/app:1-2'), [convention]);
    assert.deepEqual(
      facts.map((fact) => [fact.key, fact.value]),
      [
        ['image.tag', '1-2'],
        ['runtime.constructor', '1'],
        ['runtime.toString', '2'],
      ],
    );
  });
});
