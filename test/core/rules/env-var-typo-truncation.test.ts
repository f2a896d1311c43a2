import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownEnvNames, suggestEnvName } from '../../../core/env';
import { runCli } from '../../harness/run-cli';

const MANIFEST = 'test/fixtures/env/s3-model-streamer.yaml';

interface JsonFinding {
  rule: string;
  severity: string;
  effective?: string;
  message: string;
  location?: { line: number };
}

describe('env-var-typo: a name cut short, or equally close to two, never blocks', () => {
  it('on a vLLM + MinIO sidecar manifest: S3_SECRET and S3_KEY warn, OPEN_API_KEY still blocks', () => {
    const run = runCli(['check', MANIFEST, '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.filter(
      (finding) => finding.rule === 'env-var-typo',
    );
    const byName = (name: string) => findings.find((finding) => finding.effective === name);
    assert.deepEqual(
      findings.map((finding) => [finding.effective, finding.severity, finding.location?.line]),
      [
        ['OPEN_API_KEY', 'error', 26],
        ['S3_KEY', 'warning', 36],
        ['S3_SECRET', 'warning', 38],
        ['S3_ACCESS_KEY', 'warning', 40],
      ],
    );
    assert.match(byName('OPEN_API_KEY')!.message, /did you mean OPENAI_API_KEY\?/);
    assert.match(byName('S3_SECRET')!.message, /it is the start of S3_SECRET_ACCESS_KEY/);
    assert.doesNotMatch(byName('S3_SECRET')!.message, /did you mean/);
    assert.match(byName('S3_KEY')!.message, /equally close to S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  });

  it('tells a truncation from a dropped last letter', () => {
    const known = knownEnvNames();
    const kind = (name: string) => suggestEnvName(name, known).kind;
    for (const name of ['S3_SECRET', 'S3_SECRET_ACCESS', 'AWS_SECRET', 'OPENAI_BASE', 'WANDB_API']) {
      assert.equal(kind(name), 'truncated', name);
    }
    // One letter dropped at the end is the classic slip: still a typo with a "did you mean".
    for (const name of ['CUDA_VISIBLE_DEVICE', 'OMP_NUM_THREAD', 'AWS_REGIO', 'OPEN_API_KEY']) {
      assert.equal(kind(name), 'typo', name);
    }
  });
});
