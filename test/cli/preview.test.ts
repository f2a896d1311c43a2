import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

const FAILING = 'examples/pulumi-k8s/failing';
const PASSING = 'examples/pulumi-k8s/passing';

describe('preflight preview (emulated Pulumi engine, real policy pack over gRPC)', () => {
  it('prints violations as pulumi preview does and exits 1 on a mandatory one', () => {
    const run = runCli(['preview', FAILING]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /emulated engine, no Pulumi CLI/);
    assert.match(run.stdout, /❌ preflight-guard@v0\.1\.0 \(local: policies\)/);
    assert.match(
      run.stdout,
      / {8}- \[mandatory\] \[severity: high\] {2}model-card-skew {2}\(kubernetes:apps\/v1:Deployment: llm-server\)\n {10}The effective runtime/,
    );
    assert.match(run.stdout, /error: preview failed: 2 mandatory policy violations \(1 advisory\)/);
    for (const canary of ['hf_canary_not_a_real_token', 'sk-canary-not-a-real-key']) {
      assert.ok(!run.stdout.includes(canary) && !run.stderr.includes(canary), `leaked ${canary}`);
    }
  });

  it('exits 0 on the passing example and reports JSON on request', () => {
    const run = runCli(['preview', PASSING, '--format', 'json']);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      report.findings.map((finding: { rule: string; severity: string }) => [finding.rule, finding.severity]),
      [],
    );
  });

  it('takes a --policy-pack-config file', () => {
    const dir = tempFiles({
      'policy-config.json': JSON.stringify({ 'model-card-skew': 'advisory', 'secret-missing': 'advisory' }),
    });
    const run = runCli(['preview', FAILING, '--policy-pack-config', join(dir, 'policy-config.json')]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /- \[advisory\] \[severity: high\] {2}model-card-skew/);
  });

  const bad: [string, string[], Record<string, string>, RegExp][] = [
    ['a missing program folder', ['preview', 'no/such/dir'], {}, /no\/such\/dir: no such program folder/],
    [
      'a folder that is not a policy pack',
      ['preview', PASSING, '--policy-pack', 'examples'],
      {},
      /examples: not a policy pack: no PulumiPolicy\.yaml/,
    ],
    [
      'a malformed policy config',
      ['preview', PASSING, '--policy-pack-config', 'CONFIG'],
      { 'c.json': '{"all": }' },
      /c\.json:1:\d+: /,
    ],
    [
      'a policy config that is not an object',
      ['preview', PASSING, '--policy-pack-config', 'CONFIG'],
      { 'c.json': '["mandatory"]' },
      /expected a JSON object/,
    ],
    [
      'an invalid policy setting',
      ['preview', PASSING, '--policy-pack-config', 'CONFIG'],
      { 'c.json': '{"env-var-typo": {"knownEnvNames": "X"}}' },
      /validating policy config: preflight-guard 0\.1\.0 {2}env-var-typo: knownEnvNames: must be array/,
    ],
    ['two program folders', ['preview', PASSING, FAILING], {}, /preview takes exactly one program folder/],
    [
      'a folder without Pulumi.yaml, in one line',
      ['preview', 'examples/pulumi-k8s'],
      {},
      /^preflight: error: examples\/pulumi-k8s: not a Pulumi project: no Pulumi\.yaml in this folder\n$/,
    ],
    [
      'a program calling an invoke no mock answers, in one line naming it and what to do',
      ['preview', 'test/fixtures/pulumi/helm-invoke'],
      {},
      /^preflight: error: test\/fixtures\/pulumi\/helm-invoke: the Pulumi program failed: the program calls the provider function kubernetes:helm:template, .*pulumi preview --policy-pack.*\n$/,
    ],
  ];
  for (const [what, args, files, message] of bad) {
    it(`refuses ${what} (exit 2, no stack trace, nothing written)`, () => {
      const dir = tempFiles(files);
      const out = join(dir, 'report.json');
      const argv = args.map((arg) => (arg === 'CONFIG' ? join(dir, 'c.json') : arg));
      const run = runCli([...argv, '--output', out]);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
      assert.equal(existsSync(out), false);
    });
  }

  it('fails clearly when the program itself fails, e.g. on an invalid model card', () => {
    const dir = tempFiles({});
    const program = join(REPO_ROOT, 'test', 'fixtures', 'pulumi', 'bad-card');
    const run = runCli(['preview', program, '--output', join(dir, 'r.json')], { cwd: REPO_ROOT });
    assert.equal(run.code, 2, run.stdout);
    assert.match(
      run.stderr,
      /bad-card: the Pulumi program failed: .*bad-card\.json:3:\d+: runtime\.cuda: invalid version "twelve"/,
    );
  });
});
