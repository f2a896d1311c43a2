import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { dockerConfigFile, freePort, type LocalRegistry, startRegistry } from '../harness/registry';
import { imageConfigJson, pushImageOverApi } from '../harness/registry-api';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// `preflight check` against the real registry (Debian's docker-registry) on 127.0.0.1.
const CANARY_PASSWORD = 'canary-cli-registry-password-9d3f';
const PINNED = `sha256:${'c'.repeat(64)}`;
const CONFIG = imageConfigJson(
  { CUDA_VERSION: '11.8.0', PYTORCH_VERSION: '2.3.0' },
  { 'dev.preflight-guard.tokenizer-sha': '9e7f02d' },
);

let plain: LocalRegistry;
let secured: LocalRegistry;
/** Redirects every blob GET to file://localhost/etc/passwd (its `redirect` storage middleware). */
let toFile: LocalRegistry;

before(async () => {
  [plain, secured, toFile] = await Promise.all([
    startRegistry(),
    startRegistry({ username: 'ci', password: CANARY_PASSWORD }),
    startRegistry(undefined, { blobRedirect: 'file://localhost/etc/passwd' }),
  ]);
  await pushImageOverApi(plain.host, 'acme/llm-server', '2.3.0-cuda12.1', CONFIG);
  await pushImageOverApi(toFile.host, 'acme/llm-server', '2.3.0-cuda12.1', CONFIG);
  await pushImageOverApi(secured.host, 'acme/llm-server', '2.3.0-cuda12.1', CONFIG, {
    username: 'ci',
    password: CANARY_PASSWORD,
  });
});
after(() => Promise.all([plain?.stop(), secured?.stop(), toFile?.stop()]));

/** A project folder: a Deployment of `host`'s image, a card for it, and preflight.yaml. */
function project(host: string, config = 'registry:\n  enabled: true\n  cache_dir: cache\n'): string {
  const repository = `${host}/acme/llm-server`;
  return tempFiles({
    'preflight.yaml': `model_cards: [model-card.json]\n${config}`,
    'model-card.json': JSON.stringify({
      model: { id: 'acme/llm' },
      tokenizer_sha: 'ad4c1b9',
      runtime: { cuda: '12.1', pytorch: '2.3.0' },
      image: { repository, digest: PINNED },
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
      '          env:',
      '            - { name: TOKENIZER_SHA, value: ad4c1b9 }',
    ].join('\n'),
  });
}

function check(dir: string, args: string[] = [], env: Record<string, string | undefined> = {}) {
  return runCli(['check', 'deploy', '-c', 'preflight.yaml', ...args], {
    cwd: dir,
    env: { DOCKER_CONFIG: join(dir, 'no-docker-config'), ...env },
  });
}

describe('preflight check with registry lookups (real registry)', () => {
  it('finds the card against the image config, the tag against the config, and the moved tag (exit 1)', () => {
    const dir = project(plain.host);
    const run = check(dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /registry: 1\/1 image resolved \(0 from cache\)/);
    assert.match(
      run.stdout,
      /✖ runtime\.cuda MISMATCH \(major drift\): model card acme\/llm declares 12\.1, image config env CUDA_VERSION says 11\.8\.0 {2}model-card-skew/,
    );
    assert.match(run.stdout, /effective \.+ 11\.8\.0 {2}\(image config env CUDA_VERSION\)/);
    assert.match(
      run.stdout,
      /✖ tokenizer_sha MISMATCH: .* image config label dev\.preflight-guard\.tokenizer-sha says 9e7f02d/,
    );
    assert.match(
      run.stdout,
      /✖ runtime\.cuda: tag 2\.3\.0-cuda12\.1 says 12\.1 but the image it names \(sha256:[0-9a-f]{12}\) has env CUDA_VERSION=11\.8\.0 {2}image-tag-mismatch/,
    );
    assert.match(
      run.stdout,
      /✖ image\.digest: model card acme\/llm pins sha256:c+… but .* now resolves to sha256:[0-9a-f]{12}…: the tag moved {2}image-digest-moved/,
    );
    assert.match(run.stdout, /✔ runtime\.pytorch \.+ 2\.3\.0 {2}\(image config env PYTORCH_VERSION\)/);
    assert.equal(run.stderr, '');

    const warm = check(dir);
    assert.match(warm.stdout, /registry: 1\/1 image resolved \(1 from cache\)/);

    const json = JSON.parse(check(dir, ['--format', 'json']).stdout);
    const tag = json.findings.find((finding: { rule: string }) => finding.rule === 'image-tag-mismatch');
    assert.deepEqual(
      { declared: tag.declared, effective: tag.effective, source: tag.source, file: tag.location.file },
      {
        declared: '12.1',
        effective: '11.8.0',
        source: 'image config env CUDA_VERSION',
        file: 'deploy/llm-server.yaml',
      },
    );
  });

  it('makes no registry call unless asked: no config section, no flag', () => {
    const dir = project(plain.host, '');
    const run = check(dir);
    assert.doesNotMatch(run.stdout, /registry:|image-tag-mismatch|image config/);
    assert.match(run.stdout, /image\.digest: .* cannot be verified offline/);
    const asked = check(dir, ['--registry', '--registry-cache', 'flag-cache']);
    assert.match(asked.stdout, /registry: 1\/1 image resolved/);
    assert.ok(existsSync(join(dir, 'flag-cache', 'tags')));
  });

  it('--offline uses only the cache and reports what it could not resolve as image-unresolved', () => {
    const dir = project(plain.host);
    const cold = check(dir, ['--offline']);
    assert.match(cold.stdout, /registry: 0\/1 image resolved \(0 from cache, offline\)/);
    assert.match(
      cold.stdout,
      /⚠ cannot resolve 127\.0\.0\.1:\d+\/acme\/llm-server:2\.3\.0-cuda12\.1: tag 2\.3\.0-cuda12\.1 is not in the registry cache \(offline\) {2}image-unresolved/,
    );
    check(dir);
    const warm = check(dir, ['--offline']);
    assert.match(warm.stdout, /registry: 1\/1 image resolved \(1 from cache, offline\)/);
  });

  it('blocks on an unreachable registry when registry.unresolved is error', async () => {
    const dir = project(
      `127.0.0.1:${await freePort()}`,
      'registry: { enabled: true, cache_dir: cache, unresolved: error, retries: 0 }\n',
    );
    const run = check(dir);
    assert.equal(run.code, 1);
    assert.match(
      run.stdout,
      /✖ cannot resolve .*: 127\.0\.0\.1:\d+ refused the connection {2}image-unresolved/,
    );
  });

  it('a registry that redirects to file:///etc/passwd leaves that image unresolved; the run completes', () => {
    const dir = project(toFile.host);
    const run = check(dir);
    // Exit 1 for the card's digest pin, which nothing could verify; not 2 ("internal error").
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stderr, '');
    assert.match(run.stdout, /registry: 0\/1 image resolved/);
    assert.match(
      run.stdout,
      /⚠ cannot resolve 127\.0\.0\.1:\d+\/acme\/llm-server:2\.3\.0-cuda12\.1: 127\.0\.0\.1:\d+ redirected acme\/llm-server blob sha256:[0-9a-f]{64} to a file: URL; only http and https redirects are followed {2}image-unresolved/,
    );
    assert.doesNotMatch(run.stdout, /root:/);
  });

  it('logs in with the Docker config file, and the password appears in no output', () => {
    const dir = project(secured.host);
    const good = dockerConfigFile(dir, secured.host, 'ci', CANARY_PASSWORD);
    mkdirSync(join(dir, 'docker'));
    const bad = dockerConfigFile(join(dir, 'docker'), secured.host, 'ci', `${CANARY_PASSWORD}x`);
    const ok = check(dir, ['--format', 'json'], {});
    const runs = [
      check(dir, [], { DOCKER_CONFIG: undefined }),
      runCli(['check', 'deploy', '-c', 'preflight.yaml'], { cwd: dir, env: { DOCKER_CONFIG: dir } }),
      ok,
    ];
    writeFileSync(join(dir, 'config.json'), '{}');
    writeFileSync(
      join(dir, 'preflight.yaml'),
      `model_cards: [model-card.json]\nregistry: { enabled: true, cache_dir: cache2, docker_config: ${good} }\n`,
    );
    const loggedIn = check(dir);
    assert.match(loggedIn.stdout, /registry: 1\/1 image resolved/);
    writeFileSync(
      join(dir, 'preflight.yaml'),
      `model_cards: [model-card.json]\nregistry: { enabled: true, cache_dir: cache3, docker_config: ${bad} }\n`,
    );
    const refused = check(dir);
    assert.match(
      refused.stdout,
      /refused the credentials for acme\/llm-server; credentials for 127\.0\.0\.1:\d+ came from .*docker-config/,
    );
    for (const run of [...runs, loggedIn, refused]) {
      const text = run.stdout + run.stderr;
      assert.ok(!text.includes(CANARY_PASSWORD), 'the password leaked');
      assert.ok(!text.includes(Buffer.from(`ci:${CANARY_PASSWORD}`).toString('base64')), 'the auth leaked');
    }
  });

  it('refuses a bad registry section (exit 2), naming the file and field, and writes no report', () => {
    const dir = project(plain.host, 'registry: { enabled: yes-please }\n');
    const run = check(dir, ['-o', 'report.txt']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^preflight: error: preflight\.yaml:2:\d+: registry\.enabled: expected boolean/);
    assert.ok(!existsSync(join(dir, 'report.txt')));
  });
});
