import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// Values the fixture program wraps in pulumi.secret(): an env value, a flag's value inside a secret args list.
const CANARIES = ['CANARYsha9d2c7b', 'CANARYrev5e1f0a', 'CANARYkey3a8f1e'];
const PROGRAM = 'test/fixtures/pulumi/secret-values';

function assertNoCanary(output: string, where: string): void {
  for (const canary of CANARIES) assert.ok(!output.includes(canary), `${where} shows ${canary}`);
}

describe('preflight preview: values marked pulumi.secret() are tainted (emulated engine, real pack over gRPC)', () => {
  for (const format of ['text', 'json', 'sarif']) {
    it(`compares a secret env value with the card and never shows it (${format})`, () => {
      const run = runCli(['preview', PROGRAM, '--format', format]);
      assert.equal(run.code, 1, run.stderr);
      assertNoCanary(run.stdout + run.stderr, format);
      // Still compared: the mismatch is reported, with the value's label and digest instead of the value.
      assert.match(run.stdout, /tokenizer_sha MISMATCH/);
      assert.match(run.stdout, /env TOKENIZER_SHA says a secret value \(sha256 [0-9a-f]{8}…\)/);
      assert.match(run.stdout, /args .*says a secret value \(sha256 [0-9a-f]{8}…\)/);
    });
  }

  it('never shows a secret value in GitHub annotations or the step summary', () => {
    const dir = tempFiles({ 'summary.md': '' });
    const summary = join(dir, 'summary.md');
    const run = runCli(['preview', PROGRAM, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } });
    assert.equal(run.code, 1, run.stderr);
    assertNoCanary(run.stdout + run.stderr, 'github');
    const written = readFileSync(summary, 'utf8');
    assert.match(written, /a secret value/);
    assertNoCanary(written, 'step summary');
  });
});
