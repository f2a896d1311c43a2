import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestName } from '../../../core/format/closest-name';

describe('closestName', () => {
  const flags = ['format', 'model-card', 'registry', 'registry-cache', 'offline', 'today'];

  it('finds a swapped, missing or doubled letter, other case, `_` for `-`', () => {
    assert.equal(closestName('fromat', flags), 'format');
    assert.equal(closestName('regsitry', flags), 'registry');
    assert.equal(closestName('offfline', flags), 'offline');
    assert.equal(closestName('Model_Card', flags), 'model-card');
    assert.equal(closestName('modelCards', ['model_cards', 'secrets']), 'model_cards');
  });

  it('gives nothing for a name close to none, and allows short names one edit', () => {
    assert.equal(closestName('frobnicate', flags), undefined);
    assert.equal(closestName('tday', flags), 'today');
    assert.equal(closestName('vras', ['vars', 'config']), 'vars', 'a swap is one edit');
    assert.equal(closestName('tdy', flags), undefined);
    assert.equal(closestName('x', []), undefined);
  });
});
