import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../core/loaders/config';
import { DEFAULT_REGISTRY_SETTINGS } from '../../../core/model/config';
import { parseAuthChallenge } from '../../../core/registry/auth-challenge';
import { loadDockerCredentials } from '../../../core/registry/docker-credentials';
import { registryEndpoint } from '../../../core/registry/registry-endpoint';
import { expectInputError } from '../../harness/input-error';
import { tempFiles } from '../../harness/temp-files';

function configFile(text: string): string {
  return join(tempFiles({ 'preflight.yaml': text }), 'preflight.yaml');
}

describe('the registry section of preflight.yaml', () => {
  it('is off by default', () => {
    assert.deepEqual(
      loadConfig(configFile('ignore_versions: [patch]\n')).registry,
      DEFAULT_REGISTRY_SETTINGS,
    );
    assert.equal(DEFAULT_REGISTRY_SETTINGS.enabled, false);
  });

  it('reads every field; durations as seconds, paths against the file', () => {
    const file = configFile(
      [
        'registry:',
        '  enabled: true',
        '  offline: false',
        '  cache_dir: .cache/registry',
        '  tag_ttl: 2m',
        '  timeout: 1500ms',
        '  concurrency: 4',
        '  retries: 0',
        '  platform: linux/arm64/v8',
        '  insecure: [registry.internal:5000]',
        '  docker_config: ci/docker.json',
        '  unresolved: error',
      ].join('\n'),
    );
    assert.deepEqual(loadConfig(file).registry, {
      enabled: true,
      offline: false,
      cache_dir: join(file, '..', '.cache/registry'),
      tag_ttl: 120,
      timeout: 1.5,
      concurrency: 4,
      retries: 0,
      platform: 'linux/arm64/v8',
      insecure: ['registry.internal:5000'],
      docker_config: join(file, '..', 'ci/docker.json'),
      unresolved: 'error',
    });
  });

  for (const [yaml, field, expected] of [
    ['registry: { unresolved: blocking }', 'registry.unresolved', /warning|error/],
    ['registry: { platform: amd64 }', 'registry.platform', /os\/architecture/],
    ['registry: { timeout: 0 }', 'registry.timeout', /.+/],
    ['registry: { concurrency: 1000 }', 'registry.concurrency', /64/],
    ['registry: { enable: true }', 'registry', /enable/],
  ] as const) {
    it(`refuses ${yaml} naming ${field}`, () => {
      const error = expectInputError(() => loadConfig(configFile(`${yaml}\n`)));
      assert.match(`${error.field}: ${error.message}`, new RegExp(field.replace('.', '\\.')));
      assert.match(error.message, expected);
      assert.equal(error.location?.line, 1);
    });
  }
});

describe('Docker config credentials', () => {
  it('reads auths by base64 auth or username/password, with Docker Hub aliases', () => {
    const dir = tempFiles({
      'config.json': JSON.stringify({
        auths: {
          'https://index.docker.io/v1/': { auth: Buffer.from('hub-user:hub-pass').toString('base64') },
          'http://registry.internal:5000': { username: 'u', password: 'p:with:colons' },
        },
      }),
    });
    const store = loadDockerCredentials(join(dir, 'config.json'));
    assert.deepEqual(store.lookup('docker.io'), {
      kind: 'found',
      credentials: { username: 'hub-user', password: 'hub-pass' },
    });
    assert.deepEqual(store.lookup('registry.internal:5000'), {
      kind: 'found',
      credentials: { username: 'u', password: 'p:with:colons' },
    });
    assert.deepEqual(store.lookup('ghcr.io'), { kind: 'none' });
  });

  it('names credential helpers rather than running them', () => {
    const dir = tempFiles({ 'config.json': JSON.stringify({ credHelpers: { 'ghcr.io': 'gh' }, auths: {} }) });
    assert.deepEqual(loadDockerCredentials(join(dir, 'config.json')).lookup('ghcr.io'), {
      kind: 'helper',
      helper: 'credHelpers docker-credential-gh',
    });
  });

  it('refuses a malformed file without quoting it, and a named file that is missing', () => {
    const dir = tempFiles({ 'config.json': '{"auths": {"x": {"auth": "canary-not-base64-secret"}}' });
    const bad = expectInputError(() => loadDockerCredentials(join(dir, 'config.json')));
    assert.match(bad.describe(), /config\.json: cannot read Docker config file: not valid JSON/);
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ auths: { x: { auth: Buffer.from('canary-no-colon').toString('base64') } } }),
    );
    const noColon = expectInputError(() => loadDockerCredentials(join(dir, 'config.json')));
    assert.match(noColon.describe(), /auths\["x"\]\.auth: auth is not base64 of "username:password"/);
    assert.ok(!`${bad.describe()}${noColon.describe()}`.includes('canary'));
    const missing = expectInputError(() => loadDockerCredentials(join(dir, 'nope.json')));
    assert.match(missing.describe(), /nope\.json: Docker config file not found/);
    assert.equal(
      loadDockerCredentials(undefined, { DOCKER_CONFIG: join(dir, 'none') }).lookup('x').kind,
      'none',
    );
  });
});

describe('registry endpoints and challenges', () => {
  it('sends Docker Hub to registry-1.docker.io and allows plain HTTP only for loopback or insecure registries', () => {
    assert.equal(registryEndpoint('docker.io', []).origin, 'https://registry-1.docker.io');
    assert.equal(registryEndpoint('127.0.0.1:5000', []).origin, 'http://127.0.0.1:5000');
    assert.equal(registryEndpoint('localhost:5000', []).origin, 'http://localhost:5000');
    assert.equal(registryEndpoint('registry.internal:5000', []).origin, 'https://registry.internal:5000');
    assert.equal(
      registryEndpoint('registry.internal:5000', ['registry.internal:5000']).origin,
      'http://registry.internal:5000',
    );
  });

  it('parses WWW-Authenticate bearer and basic challenges', () => {
    assert.deepEqual(
      parseAuthChallenge(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull"',
      ),
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/ubuntu:pull',
        },
      },
    );
    assert.deepEqual(parseAuthChallenge('Basic realm="test-realm"'), {
      scheme: 'basic',
      params: { realm: 'test-realm' },
    });
    assert.equal(parseAuthChallenge('Negotiate abc'), undefined);
  });
});
