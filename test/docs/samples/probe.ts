import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startKubeApiEmulation } from '../../harness/kube-api-emulation';
import { REPO_ROOT } from '../../harness/run-cli';
import { runProbeCli, spawnProbeCli } from '../../harness/run-probe';
import { tempFiles } from '../../harness/temp-files';
import { type Inputs, type Sample, withoutTimes } from './sample';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');

/**
 * docs/probe.md's three lines, run by sh as written, with `preflight` the installed bin would run
 * (`node dist/cli/main.js`) and the docs' /tmp/gpu a fresh temp folder (put back in the output).
 */
let fakeRootRun: { stdout: string; stderr: string; status: string; env: string } | undefined;
function runFakeRoot(inputs: Inputs) {
  if (fakeRootRun) return fakeRootRun;
  const dir = tempFiles({});
  const script = `preflight() { node "${CLI}" "$@"; }\n${inputs('probe/fake-root.sh').split('/tmp/gpu').join(dir)}`;
  const run = spawnSync('sh', ['-e', '-c', script], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const back = (text: string) => text.split(dir).join('/tmp/gpu');
  fakeRootRun = {
    stdout: back(run.stdout),
    stderr: back(run.stderr),
    status: back(readFileSync(join(dir, 'status.json'), 'utf8')),
    env: back(readFileSync(join(dir, 'env'), 'utf8')),
  };
  // The JSON line on stdout is the status file's record.
  assert.deepEqual(JSON.parse(fakeRootRun.stdout), JSON.parse(fakeRootRun.status));
  return fakeRootRun;
}

const SECRETS_ARGS = [
  'secrets',
  '--require',
  'HF_TOKEN',
  '--require',
  'OPENAI_API_KEY',
  '--secret-dir',
  '/var/run/secrets/app',
  '--timeout',
  '1s',
];

async function kubernetesSecrets(): Promise<string> {
  const api = await startKubeApiEmulation({ 'hf-token': 'present', openai: 'forbidden' });
  try {
    const args = [
      'secrets',
      '--kubernetes-secret',
      'hf-token',
      '--kubernetes-secret',
      'openai',
      '--kubernetes-api',
      api.url,
      '--kubernetes-credentials',
      api.credentialsDir,
      '--timeout',
      '2s',
    ];
    // Not runProbeCli: the emulated API server answers from this process, which must not block.
    const forbidden = await spawnProbeCli(args);
    assert.equal(forbidden.code, 1, forbidden.stderr);
    api.set('openai', 'present');
    const present = await spawnProbeCli(args);
    assert.equal(present.code, 0, present.stderr);
    return forbidden.stderr + present.stderr;
  } finally {
    await api.close();
  }
}

function modelMismatch(): string {
  const dir = tempFiles({
    'model/tokenizer.json': '{"version":"1.0","model":{"type":"BPE","vocab":{"a":0}}}\n',
    'model-card.json': JSON.stringify({
      model: { id: 'meta-llama/Llama-3.1-8B-Instruct' },
      tokenizer: { files: { 'tokenizer.json': { sha256: `ad4c1b9e${'0'.repeat(56)}` } } },
      image: { repository: 'ghcr.io/acme/llm-server' },
    }),
  });
  const run = runProbeCli(['model', join(dir, 'model'), '--model-card', join(dir, 'model-card.json')]);
  assert.equal(run.code, 1, run.stderr);
  return run.stderr;
}

export const probeSamples: Record<string, Sample> = {
  'probe-fake-root-log': { run: (inputs) => runFakeRoot(inputs).stderr, normalize: withoutTimes },
  'probe-fake-root-status': { run: (inputs) => runFakeRoot(inputs).status, normalize: withoutTimes },
  'probe-fake-root-env': { run: (inputs) => runFakeRoot(inputs).env, normalize: withoutTimes },
  'probe-secrets-missing': {
    command: `HF_TOKEN= OPENAI_API_KEY=set preflight probe ${SECRETS_ARGS.join(' ')}`,
    run: () => {
      const run = runProbeCli(SECRETS_ARGS, { env: { HF_TOKEN: '', OPENAI_API_KEY: 'set' } });
      assert.equal(run.code, 1, run.stderr);
      return run.stderr;
    },
    normalize: withoutTimes,
  },
  'probe-secrets-kubernetes': { run: kubernetesSecrets, normalize: withoutTimes },
  'probe-model-mismatch': { run: modelMismatch },
};
