import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../core/loaders/config';
import { durationText, parseDuration } from '../../../core/loaders/duration';
import { expectInputError } from '../../harness/input-error';
import { runProbeCli } from '../../harness/run-probe';
import { tempFiles } from '../../harness/temp-files';

describe('durations', () => {
  it('writes seconds the way the duration parser reads them back', () => {
    for (const [seconds, text] of [
      [90, '90s'],
      [1.5, '1500ms'],
      [0.1, '100ms'],
      [0, '0s'],
    ] as const) {
      assert.equal(durationText(seconds), text);
      assert.equal(parseDuration(text), seconds);
    }
  });
});

describe('durations beyond what a timer can wait', () => {
  // setTimeout fires after 1 ms for any delay of 2^31 ms or more: such a timeout would expire at once.
  it('refuses registry.timeout: 600h and secret_timeout in seconds beyond 24 days, at their position', () => {
    const dir = tempFiles({
      'preflight.yaml': 'registry:\n  timeout: 600h\n',
      'seconds.yaml': 'secret_timeout: 2147484\n',
    });
    const hours = expectInputError(() => loadConfig(join(dir, 'preflight.yaml')));
    assert.equal(
      hours.describe(dir),
      'preflight.yaml:2:12: registry.timeout: "600h" is longer than the longest duration taken, 576h (24 days)',
    );
    const seconds = expectInputError(() => loadConfig(join(dir, 'seconds.yaml')));
    assert.match(seconds.describe(dir), /^seconds\.yaml:1:17: secret_timeout: 2147484 is longer than/);
  });

  it('takes 576h, the longest', () => {
    const dir = tempFiles({ 'preflight.yaml': 'registry:\n  tag_ttl: 576h\n' });
    assert.equal(loadConfig(join(dir, 'preflight.yaml')).registry.tag_ttl, 576 * 3600);
  });

  it('refuses probe --timeout 2147484s with exit 2 before nvidia-smi runs', () => {
    const run = runProbeCli(['cuda', '--require-cuda', '12.2', '--mode', 'warn', '--timeout', '2147484s']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /--timeout: "2147484s" is longer than the longest duration taken, 576h \(24 days\)\n$/,
    );
    assert.equal(run.stdout, '');
  });
});
