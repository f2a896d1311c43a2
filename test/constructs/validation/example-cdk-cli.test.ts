import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../../harness/run-cli';
import { tempFiles } from '../../harness/temp-files';

const EXAMPLE = join(REPO_ROOT, 'examples', 'cdk-ecs');
const CDK = join(REPO_ROOT, 'node_modules', '.bin', 'cdk');

/** The pinned `cdk` CLI, offline: no credentials, no AWS config, no lookups, no telemetry or notices. */
function cdkSynth(...args: string[]) {
  const home = tempFiles({});
  const out = join(home, 'cdk.out');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  };
  const result = spawnSync(CDK, ['synth', '--no-lookups', '--no-notices', '-q', '-o', out, ...args], {
    cwd: EXAMPLE,
    env,
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}`, out };
}

describe('examples/cdk-ecs through the pinned cdk CLI (offline)', () => {
  it('synthesizes the passing variant, and preflight check agrees on its cdk.out', () => {
    const synth = cdkSynth();
    assert.equal(synth.code, 0, synth.output);
    assert.equal(/preflight-guard/.test(synth.output), false, synth.output);
    const check = runCli(['check', synth.out, '--config', join(EXAMPLE, 'preflight.yaml')]);
    assert.equal(check.code, 0, check.stdout);
    assert.match(check.stdout, /✔ runtime probe \.+ container preflight-probe/);
  });

  it('fails the failing variant, naming the rule, the resource and the full acknowledgement id', () => {
    const synth = cdkSynth('-c', 'variant=failing');
    assert.equal(synth.code, 1, synth.output);
    assert.match(synth.output, /ERROR container llm-server: runtime\.cuda MISMATCH/);
    assert.match(synth.output, /ERROR container llm-server: env OPENAI_API_KEY ← secret ml\/openai-key/);
    assert.match(synth.output, /LlmServing\/LlmTask\/Resource \(LlmTask[0-9A-F]{8}\)/);
    assert.match(synth.output, /Acknowledge with 'preflight-guard::secret-missing'/);
    assert.match(synth.output, /Synthesis finished with errors/);
    const check = runCli(['check', synth.out, '--config', join(EXAMPLE, 'preflight.yaml')]);
    assert.equal(check.code, 1);
  });

  it('fails synth (not rc 0) when the plugin cannot run: a missing config', () => {
    const synth = cdkSynth('-c', 'config=missing.yaml');
    assert.equal(synth.code, 1, synth.output);
    assert.match(
      synth.output,
      /FATAL preflight-guard cannot check this app: missing\.yaml: cannot read: no such file \(ENOENT\)/,
    );
    assert.equal(existsSync(join(EXAMPLE, 'cdk.out')), false);
  });
});
