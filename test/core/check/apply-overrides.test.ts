import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyOverrides } from '../../../core/check/apply-overrides';
import type { Override } from '../../../core/model/config';
import type { Finding } from '../../../core/model/finding';

const skew: Finding = {
  rule: 'model-card-skew',
  severity: 'error',
  message: 'tokenizer_sha MISMATCH',
  target: 'Deployment/llm/api container vllm',
  location: { file: '/repo/k8s/api.yaml', line: 3 },
};
const typo: Finding = {
  ...skew,
  rule: 'env-var-typo',
  message: 'env OPEN_API_KEY',
  target: 'Deployment/llm/worker container w',
};
const TODAY = '2026-11-25';

describe('applyOverrides', () => {
  it('turns a matching error into a warning that carries the reason', () => {
    const override: Override = {
      rule: 'model-card-skew',
      reason: 'canary of the new tokenizer',
      expires: '2026-12-01',
    };
    const [result, untouched] = applyOverrides([skew, typo], [override], TODAY);
    assert.equal(result!.severity, 'warning');
    assert.deepEqual(result!.override, {
      reason: 'canary of the new tokenizer',
      expires: '2026-12-01',
      location: undefined,
    });
    assert.match(result!.message, /\[overridden: canary of the new tokenizer; until 2026-12-01\]$/);
    assert.equal(untouched, typo, 'a finding of another rule is left alone');
  });

  it('limits an override to findings whose target or file contains its target', () => {
    const byTarget = applyOverrides(
      [skew, { ...skew, target: 'Deployment/llm/other container x', location: undefined }],
      [{ rule: 'model-card-skew', target: 'Deployment/llm/api', reason: 'r' }],
      TODAY,
    );
    assert.deepEqual(
      byTarget.map((finding) => finding.severity),
      ['warning', 'error'],
    );
    const byFile = applyOverrides(
      [skew],
      [{ rule: 'model-card-skew', target: 'k8s/api.yaml', reason: 'r' }],
      TODAY,
    );
    assert.equal(byFile[0]!.severity, 'warning');
  });

  it('still applies on its expiry day, and no longer the day after, saying so', () => {
    const override: Override = {
      rule: 'model-card-skew',
      reason: 'temporary',
      expires: TODAY,
      location: { file: 'preflight.yaml', line: 4 },
    };
    assert.equal(applyOverrides([skew], [override], TODAY)[0]!.severity, 'warning');
    const after = applyOverrides([skew], [override], '2026-11-26');
    assert.equal(after[0]!.severity, 'error');
    assert.equal(after.length, 2);
    assert.match(after[1]!.message, /expired on 2026-11-25 and no longer applies \(reason was: temporary\)/);
    assert.equal(after[1]!.severity, 'warning');
    assert.deepEqual(after[1]!.location, { file: 'preflight.yaml', line: 4 });
  });

  it('never touches warnings and notes', () => {
    const warning: Finding = { ...skew, severity: 'warning' };
    const [result] = applyOverrides([warning], [{ rule: 'model-card-skew', reason: 'r' }], TODAY);
    assert.equal(result, warning);
  });
});
