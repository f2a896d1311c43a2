import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_REGISTRY_SETTINGS, type RegistrySettings } from '../../../core/model/config';
import { imageConfigFacts } from '../../../core/registry/image-config-facts';
import type { ImageLookup, ResolvedImage, UnresolvedImage } from '../../../core/registry/image-lookup';
import { resolveImages } from '../../../core/registry/resolve-images';
import {
  dockerConfigFile,
  freePort,
  ImageBuilder,
  type LocalRegistry,
  startRegistry,
} from '../../harness/registry';

// The real registry (Debian's docker-registry, CNCF distribution) and real images built by buildah.
const CANARY_PASSWORD = 'canary-registry-password-5b1e';
const USER = 'ci-bot';

const SERVER = `FROM scratch
ENV CUDA_VERSION=11.8.0 PYTORCH_VERSION=2.3.0 NVIDIA_REQUIRE_CUDA="cuda>=11.8 brand=tesla" HF_TOKEN=baked-in-secret-value
LABEL org.opencontainers.image.revision=4f2a9c1 dev.preflight-guard.tokenizer-sha=9e7f02d dev.preflight-guard.model-revision=0e9e39f249a16976918f6564b8830bc894c89659
`;

let plain: LocalRegistry;
let secured: LocalRegistry;
let builder: ImageBuilder;
let dir: string;
let authfile: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preflight-registry-test-'));
  [plain, secured] = await Promise.all([
    startRegistry(),
    startRegistry({ username: USER, password: CANARY_PASSWORD }),
  ]);
  authfile = dockerConfigFile(dir, secured.host, USER, CANARY_PASSWORD);
  builder = new ImageBuilder();
  const server = builder.build('llm-server', SERVER);
  builder.push(server, `${plain.host}/acme/llm-server:2.3.0-cuda12.1`);
  builder.push(server, `${secured.host}/acme/llm-server:2.3.0-cuda12.1`, authfile);
  const amd64 = builder.build('multi-amd64', 'FROM scratch\nENV CUDA_VERSION=12.1.1\n');
  const arm64 = builder.build('multi-arm64', 'FROM scratch\nENV CUDA_VERSION=12.4.0\n', 'arm64');
  builder.pushIndex('multi', [amd64, arm64], `${plain.host}/acme/multi:1`);
});

after(async () => {
  builder?.remove();
  await Promise.all([plain?.stop(), secured?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A DOCKER_CONFIG folder with no config.json: anonymous unless a test names a file. */
function noDockerConfig(): NodeJS.ProcessEnv {
  return { DOCKER_CONFIG: join(dir, 'no-docker-config') };
}

function settings(extra: Partial<RegistrySettings> = {}): RegistrySettings {
  return {
    ...DEFAULT_REGISTRY_SETTINGS,
    enabled: true,
    cache_dir: mkdtempSync(join(dir, 'cache-')),
    ...extra,
  };
}

async function lookup(reference: string, extra: Partial<RegistrySettings> = {}, now?: () => number) {
  const run = await resolveImages([reference], settings(extra), { env: noDockerConfig(), now, backoffMs: 1 });
  return { lookup: run.lookups.get(reference) as ImageLookup, requests: run.requests };
}

function resolved(value: ImageLookup): ResolvedImage {
  assert.equal(value.status, 'resolved', value.status === 'unresolved' ? value.reason : '');
  return value as ResolvedImage;
}

function unresolved(value: ImageLookup): UnresolvedImage {
  assert.equal(value.status, 'unresolved');
  return value as UnresolvedImage;
}

describe('registry lookups against the real registry', () => {
  it('resolves a tag to its digest and reads env and labels from the image config', async () => {
    const { lookup: found, requests } = await lookup(`${plain.host}/acme/llm-server:2.3.0-cuda12.1`);
    const image = resolved(found);
    assert.match(image.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(image.config.platform, 'linux/amd64');
    assert.equal(image.config.env.CUDA_VERSION, '11.8.0');
    assert.equal(image.fromCache, false);
    assert.equal(requests, 2, 'one manifest GET, one config GET');
    const facts = imageConfigFacts(image.config).map((fact) => `${fact.key}=${fact.value} (${fact.detail})`);
    assert.deepEqual(facts.sort(), [
      'image.revision=4f2a9c1 (image config label org.opencontainers.image.revision)',
      'model.revision=0e9e39f249a16976918f6564b8830bc894c89659 (image config label dev.preflight-guard.model-revision)',
      'runtime.cuda=11.8.0 (image config env CUDA_VERSION)',
      'runtime.pytorch=2.3.0 (image config env PYTORCH_VERSION)',
      'tokenizer_sha=9e7f02d (image config label dev.preflight-guard.tokenizer-sha)',
    ]);
    assert.ok(!JSON.stringify(facts).includes('baked-in-secret-value'), 'unknown env values are never facts');
  });

  it('resolves a multi-platform index to linux/amd64, or to the configured platform', async () => {
    const amd64 = resolved((await lookup(`${plain.host}/acme/multi:1`)).lookup);
    assert.equal(amd64.config.env.CUDA_VERSION, '12.1.1');
    assert.ok(
      amd64.platformDigest && amd64.platformDigest !== amd64.digest,
      'the index digest and the platform digest',
    );
    const arm64 = resolved((await lookup(`${plain.host}/acme/multi:1`, { platform: 'linux/arm64' })).lookup);
    assert.equal(arm64.config.env.CUDA_VERSION, '12.4.0');
    assert.equal(arm64.config.platform, 'linux/arm64');
    assert.equal(arm64.digest, amd64.digest);
    const none = unresolved((await lookup(`${plain.host}/acme/multi:1`, { platform: 'linux/s390x' })).lookup);
    assert.equal(none.failure, 'no-platform');
    assert.match(none.reason, /has no linux\/s390x image \(it has linux\/amd64, linux\/arm64\)/);
  });

  it('resolves a reference by digest without asking for the tag', async () => {
    const first = resolved((await lookup(`${plain.host}/acme/llm-server:2.3.0-cuda12.1`)).lookup);
    const byDigest = resolved((await lookup(`${plain.host}/acme/llm-server@${first.digest}`)).lookup);
    assert.equal(byDigest.configDigest, first.configDigest);
  });

  it('reports a tag the registry does not have as not found, without retrying', async () => {
    const { lookup: missing, requests } = await lookup(`${plain.host}/acme/llm-server:9.9.9`);
    assert.equal(unresolved(missing).failure, 'not-found');
    assert.match(
      unresolved(missing).reason,
      /acme\/llm-server manifest 9\.9\.9 not found \(404 MANIFEST_UNKNOWN\)/,
    );
    assert.equal(requests, 1);
  });

  it('reports a registry that is down as unreachable', async () => {
    const port = await freePort();
    const down = unresolved((await lookup(`127.0.0.1:${port}/acme/x:1`)).lookup);
    assert.equal(down.failure, 'unreachable');
    assert.match(down.reason, new RegExp(`127\\.0\\.0\\.1:${port} refused the connection`));
  });

  it('logs in with basic auth from the Docker config file, and never repeats the password', async () => {
    const reference = `${secured.host}/acme/llm-server:2.3.0-cuda12.1`;
    const image = resolved((await lookup(reference, { docker_config: authfile })).lookup);
    assert.equal(image.config.env.CUDA_VERSION, '11.8.0');

    const anonymous = unresolved((await lookup(reference)).lookup);
    assert.equal(anonymous.failure, 'unauthorized');
    assert.match(
      anonymous.reason,
      /asks for credentials for acme\/llm-server; no credentials for 127\.0\.0\.1:\d+ in/,
    );

    const wrong = dockerConfigFile(
      mkdtempSync(join(dir, 'wrong-')),
      secured.host,
      USER,
      `${CANARY_PASSWORD}-wrong`,
    );
    const refused = unresolved((await lookup(reference, { docker_config: wrong })).lookup);
    assert.equal(refused.failure, 'unauthorized');
    assert.match(
      refused.reason,
      /refused the credentials for acme\/llm-server; credentials for .* came from .*docker-config/,
    );
    const text = JSON.stringify([image, anonymous, refused]);
    assert.ok(!text.includes(CANARY_PASSWORD), 'the password leaked');
    assert.ok(!text.includes(Buffer.from(`${USER}:${CANARY_PASSWORD}`).toString('base64').slice(0, 16)));
  });

  describe('the cache', () => {
    const reference = () => `${plain.host}/acme/llm-server:2.3.0-cuda12.1`;

    it('answers a warm run with no HTTP request at all', async () => {
      const cached = settings();
      const cold = await resolveImages([reference()], cached, { env: noDockerConfig() });
      const warm = await resolveImages([reference()], cached, { env: noDockerConfig() });
      assert.equal(cold.requests, 2);
      assert.equal(warm.requests, 0);
      const image = resolved(warm.lookups.get(reference())!);
      assert.equal(image.fromCache, true);
      assert.equal(image.config.env.CUDA_VERSION, '11.8.0');
    });

    it('looks a tag up again (one HEAD) once its entry is older than the TTL; the config stays cached', async () => {
      const cached = settings({ tag_ttl: 60 });
      await resolveImages([reference()], cached, { env: noDockerConfig() });
      const later = () => Date.now() + 61_000;
      const stale = await resolveImages([reference()], cached, { env: noDockerConfig(), now: later });
      assert.equal(stale.requests, 1);
      assert.equal(resolved(stale.lookups.get(reference())!).fromCache, false);
      const fresh = await resolveImages([reference()], cached, { env: noDockerConfig() });
      assert.equal(fresh.requests, 0, 'the HEAD refreshed the entry');
    });

    it('offline uses only the cache, stale entries included, and says what it lacks', async () => {
      const cached = settings({ tag_ttl: 0 });
      const empty = await resolveImages(
        [reference()],
        { ...cached, offline: true },
        { env: noDockerConfig() },
      );
      const miss = unresolved(empty.lookups.get(reference())!);
      assert.equal(miss.failure, 'not-cached');
      assert.match(miss.reason, /^tag 2\.3\.0-cuda12\.1 is not in the registry cache \(offline\)$/);
      await resolveImages([reference()], cached, { env: noDockerConfig() });
      const offline = await resolveImages(
        [reference()],
        { ...cached, offline: true },
        { env: noDockerConfig() },
      );
      assert.equal(offline.requests, 0);
      assert.equal(resolved(offline.lookups.get(reference())!).config.env.CUDA_VERSION, '11.8.0');
    });
  });
});
