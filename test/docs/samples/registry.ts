import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startEmulatedRegistry } from '../../harness/registry-emulation';
import { REPO_ROOT } from '../../harness/run-cli';
import { tempFiles } from '../../harness/temp-files';
import type { Sample } from './sample';

// The registry is the emulated one (test/harness/registry-emulation.ts, on 127.0.0.1): the output
// depends on the distribution API's answers, which test/cli/check-registry.test.ts checks against
// Debian's real docker-registry. Its port varies: shown as 5000 in the docs.
const withPort5000 = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:5000');

/** `preflight check` in a child process that does not block this one, where the registry answers. */
function checkAsync(
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'dist', 'cli', 'main.js'), 'check', ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, DOCKER_CONFIG: join(cwd, 'no-docker-config') },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/** A project: one Deployment of the registry's image, a card for it (pinning `digest` if given). */
function project(host: string, digest?: string): string {
  const repository = `${host}/acme/llm-server`;
  return tempFiles({
    'preflight.yaml': 'model_cards: [model-card.json]\nregistry:\n  enabled: true\n  cache_dir: cache\n',
    'model-card.json': JSON.stringify({
      model: { id: digest ? 'acme/llm' : 'meta-llama/Llama-3.1-8B-Instruct' },
      tokenizer_sha: 'ad4c1b9',
      runtime: { cuda: '12.1', pytorch: '2.3.0' },
      image: { repository, ...(digest ? { digest } : {}) },
    }),
    'deploy/llm-server.yaml': [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: { name: llm-server, namespace: llm }',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: vllm',
      `          image: ${repository}:2.3.0-cuda12.1`,
      '',
    ].join('\n'),
  });
}

async function checkAgainstRegistry(options: { digest?: string; offline?: boolean }): Promise<string> {
  const registry = await startEmulatedRegistry();
  try {
    registry.putImage(
      'acme/llm-server',
      '2.3.0-cuda12.1',
      { CUDA_VERSION: '11.8.0', PYTORCH_VERSION: '2.3.0' },
      { 'dev.preflight-guard.tokenizer-sha': 'ad4c1b9' },
    );
    const dir = project(registry.host, options.digest);
    const run = await checkAsync(
      ['deploy', '-c', 'preflight.yaml', ...(options.offline ? ['--offline'] : [])],
      dir,
    );
    assert.equal(run.code, options.offline ? 0 : 1, run.stdout + run.stderr);
    if (options.offline) assert.equal(registry.log.length, 0, 'offline makes no request');
    return run.stdout;
  } finally {
    await registry.stop();
  }
}

export const registrySamples: Record<string, Sample> = {
  'registry-check': { run: () => checkAgainstRegistry({}), normalize: withPort5000 },
  'registry-digest-moved': {
    run: () => checkAgainstRegistry({ digest: `sha256:${'c'.repeat(64)}` }),
    normalize: withPort5000,
  },
  'registry-offline': { run: () => checkAgainstRegistry({ offline: true }), normalize: withPort5000 },
};
