import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../core/loaders/config';
import { tempFiles } from '../harness/temp-files';
import { fences } from './markdown';

describe("docs/config.md's preflight.yaml", () => {
  it('is a valid config, read by the same loader as every front', () => {
    const [example] = fences('docs/config.md').filter(
      (fence) => fence.marker?.name === 'config/preflight.yaml',
    );
    assert.ok(example, 'no block marked <!-- input: config/preflight.yaml --> in docs/config.md');
    const config = loadConfig(join(tempFiles({ 'preflight.yaml': example.text }), 'preflight.yaml'));
    assert.deepEqual(config.ignore_versions, ['patch']);
    assert.equal(config.overrides.length, 1);
    assert.equal(config.overrides[0]!.rule, 'model-card-skew');
  });
});
