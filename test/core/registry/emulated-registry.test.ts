import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { DEFAULT_REGISTRY_SETTINGS, type RegistrySettings } from '../../../core/model/config';
import type { ImageLookup, ResolvedImage, UnresolvedImage } from '../../../core/registry/image-lookup';
import { type ResolveImagesOptions, resolveImages } from '../../../core/registry/resolve-images';
import { dockerConfigFile } from '../../harness/registry';
import { type EmulatedRegistry, startEmulatedRegistry } from '../../harness/registry-emulation';

// An emulated registry (the distribution API answered by a small server on 127.0.0.1) for what the
// real one will not do on request: bearer-token auth, 5xx, resets, slowness and bad content.
const CANARY_TOKEN = 'canary-bearer-token-0c7d9e';
const CANARY_PASSWORD = 'canary-token-service-password-41aa';

let dir: string;
let registry: EmulatedRegistry;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'preflight-emulated-registry-'));
  registry = await startEmulatedRegistry();
});
after(async () => {
  await registry.stop();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  registry.fault = undefined;
  registry.log.length = 0;
});

function settings(extra: Partial<RegistrySettings> = {}): RegistrySettings {
  return {
    ...DEFAULT_REGISTRY_SETTINGS,
    enabled: true,
    cache_dir: mkdtempSync(join(dir, 'cache-')),
    ...extra,
  };
}

async function lookup(
  target: EmulatedRegistry,
  reference: string,
  extra: Partial<RegistrySettings> = {},
  options: ResolveImagesOptions = {},
): Promise<{ lookup: ImageLookup; requests: number }> {
  const full = `${target.host}/${reference}`;
  const run = await resolveImages([full], settings(extra), {
    env: { DOCKER_CONFIG: join(dir, 'none') },
    backoffMs: 1,
    ...options,
  });
  return { lookup: run.lookups.get(full)!, requests: run.requests };
}

function resolved(value: ImageLookup): ResolvedImage {
  assert.equal(value.status, 'resolved', value.status === 'unresolved' ? value.reason : '');
  return value as ResolvedImage;
}

function unresolved(value: ImageLookup): UnresolvedImage {
  assert.equal(value.status, 'unresolved');
  return value as UnresolvedImage;
}

describe('registry lookups against an emulated registry', () => {
  describe('bearer-token auth (emulated token service)', () => {
    let secured: EmulatedRegistry;
    before(async () => {
      secured = await startEmulatedRegistry({
        bearer: { username: 'robot', password: CANARY_PASSWORD, token: CANARY_TOKEN },
      });
      secured.putImage('acme/a', '1', { CUDA_VERSION: '12.1.0' });
      secured.putImage('acme/b', '1', { CUDA_VERSION: '12.4.0' });
    });
    after(() => secured.stop());

    it('answers the WWW-Authenticate challenge with a token from the realm, using the Docker config credentials', async () => {
      const config = dockerConfigFile(dir, secured.host, 'robot', CANARY_PASSWORD);
      const run = await resolveImages(
        [`${secured.host}/acme/a:1`, `${secured.host}/acme/b:1`],
        settings({ docker_config: config, concurrency: 1 }),
        { env: {} },
      );
      const a = resolved(run.lookups.get(`${secured.host}/acme/a:1`)!);
      assert.equal(a.config.env.CUDA_VERSION, '12.1.0');
      assert.equal(resolved(run.lookups.get(`${secured.host}/acme/b:1`)!).config.env.CUDA_VERSION, '12.4.0');
      const paths = secured.log.map(
        (entry) => `${entry.method} ${entry.path}${entry.authorized ? ' (auth)' : ''}`,
      );
      // Per repository: a 401 challenge, one token, then manifest and config with the token.
      assert.deepEqual(paths.slice(0, 4), [
        'GET /v2/acme/a/manifests/1',
        'GET /token (auth)',
        'GET /v2/acme/a/manifests/1 (auth)',
        `GET /v2/acme/a/blobs/${a.configDigest} (auth)`,
      ]);
      assert.equal(
        paths.filter((path) => path.startsWith('GET /token')).length,
        2,
        'one token per repository scope',
      );
      secured.log.length = 0;
    });

    it('says the token service refused, and never shows the token or the password', async () => {
      const wrong = dockerConfigFile(mkdtempSync(join(dir, 'w-')), secured.host, 'robot', 'not-the-password');
      const refused = unresolved((await lookup(secured, 'acme/a:1', { docker_config: wrong })).lookup);
      assert.equal(refused.failure, 'unauthorized');
      assert.match(
        refused.reason,
        /token service 127\.0\.0\.1:\d+ refused \(401\) for acme\/a; credentials for .* came from/,
      );
      const good = dockerConfigFile(mkdtempSync(join(dir, 'g-')), secured.host, 'robot', CANARY_PASSWORD);
      const ok = resolved((await lookup(secured, 'acme/a:1', { docker_config: good })).lookup);
      const text = JSON.stringify([refused, ok]);
      for (const canary of [CANARY_TOKEN, CANARY_PASSWORD])
        assert.ok(!text.includes(canary), `leaked ${canary}`);
    });

    it('names the credential helper it does not run instead of failing silently', async () => {
      const file = join(mkdtempSync(join(dir, 'h-')), 'config.json');
      writeFileSync(file, JSON.stringify({ credsStore: 'desktop' }));
      const missing = unresolved((await lookup(secured, 'acme/a:1', { docker_config: file })).lookup);
      assert.match(
        missing.reason,
        /names credsStore docker-credential-desktop, and credential helpers are not supported: add an "auths" entry/,
      );
    });
  });

  describe('faults', () => {
    before(() => {
      registry.putImage('acme/ok', '1', { CUDA_VERSION: '12.1.0' });
    });

    it('retries 500s with backoff and succeeds', async () => {
      let failures = 2;
      registry.fault = (_request, response) => {
        if (failures-- <= 0) return false;
        response.writeHead(500).end();
        return true;
      };
      const { lookup: found, requests } = await lookup(registry, 'acme/ok:1');
      assert.equal(resolved(found).config.env.CUDA_VERSION, '12.1.0');
      assert.equal(requests, 4, 'two failed tries, then manifest and config');
    });

    it('gives up on a persistent 500 after the configured retries', async () => {
      registry.fault = (_request, response) => {
        response.writeHead(503).end();
        return true;
      };
      const { lookup: failed, requests } = await lookup(registry, 'acme/ok:1', { retries: 3 });
      assert.equal(unresolved(failed).failure, 'server-error');
      assert.match(unresolved(failed).reason, /acme\/ok manifest 1 failed with 503/);
      assert.equal(requests, 4);
    });

    it('retries a dropped connection', async () => {
      let resets = 1;
      registry.fault = (_request, _response, socket) => {
        if (resets-- <= 0) return false;
        socket.destroy();
        return true;
      };
      const { lookup: found, requests } = await lookup(registry, 'acme/ok:1');
      assert.equal(resolved(found).config.env.CUDA_VERSION, '12.1.0');
      assert.equal(requests, 3);
    });

    it('does not retry a 4xx', async () => {
      registry.fault = (_request, response) => {
        response.writeHead(400).end();
        return true;
      };
      const { lookup: failed, requests } = await lookup(registry, 'acme/ok:1');
      assert.equal(unresolved(failed).failure, 'client-error');
      assert.equal(requests, 1);
    });

    it('abandons a registry slower than the timeout, without retrying', async () => {
      registry.fault = (_request, response) => {
        setTimeout(() => response.writeHead(200).end('{}'), 3000).unref();
        return true;
      };
      const { lookup: slow, requests } = await lookup(registry, 'acme/ok:1', { timeout: 0.2 });
      assert.equal(unresolved(slow).failure, 'timeout');
      assert.match(unresolved(slow).reason, /did not answer within 0\.2s/);
      assert.equal(requests, 1);
    });

    it('refuses a malformed manifest', async () => {
      registry.putManifest(
        'acme/bad',
        'json',
        Buffer.from(
          '{"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json", "config": {"digest": 7}}',
        ),
      );
      registry.putManifest('acme/bad', 'text', Buffer.from('<html>not a manifest</html>'));
      const descriptor = unresolved((await lookup(registry, 'acme/bad:json')).lookup);
      assert.equal(descriptor.failure, 'malformed');
      assert.match(descriptor.reason, /config: expected a descriptor with a digest and a size/);
      assert.equal(unresolved((await lookup(registry, 'acme/bad:text')).lookup).failure, 'malformed');
    });

    it('refuses an oversized manifest, announced or streamed, reading no more than the cap', async () => {
      const huge = Buffer.alloc(5 << 20, 0x20);
      registry.putManifest('acme/big', '1', huge);
      const announced = unresolved((await lookup(registry, 'acme/big:1')).lookup);
      assert.equal(announced.failure, 'too-large');
      assert.match(announced.reason, /acme\/big manifest 1 is 5242880 bytes, over the 4194304-byte limit/);
      registry.fault = (request, response) => {
        if (!request.url?.includes('/manifests/')) return false;
        response.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
        response.write(huge);
        response.end();
        return true;
      };
      const streamed = unresolved(
        (await lookup(registry, 'acme/big:1', {}, { maxManifestBytes: 1024 })).lookup,
      );
      assert.equal(streamed.failure, 'too-large');
      assert.match(streamed.reason, /is \d+ bytes or more, over the 1024-byte limit/);
    });

    it('refuses content that does not match its digest, for the manifest and for the config', async () => {
      const digest = registry.putImage('acme/forged', 'real', { CUDA_VERSION: '12.1.0' });
      registry.putManifest('acme/forged-tag', '1', Buffer.from('{"schemaVersion":2,"manifests":[]}'), {
        digest,
      });
      const manifest = unresolved((await lookup(registry, 'acme/forged-tag:1')).lookup);
      assert.equal(manifest.failure, 'digest-mismatch');
      assert.match(manifest.reason, /does not match the digest the registry announced/);

      const real = resolved((await lookup(registry, 'acme/forged:real')).lookup);
      registry.fault = (request, response) => {
        if (!request.url?.includes('/blobs/')) return false;
        const forged = Buffer.from(
          JSON.stringify({ os: 'linux', architecture: 'amd64', config: { Env: ['CUDA_VERSION=99'] } }),
        );
        response.writeHead(200, { 'content-length': forged.length }).end(forged);
        return true;
      };
      const config = unresolved((await lookup(registry, `acme/forged@${real.digest}`)).lookup);
      assert.equal(config.failure, 'digest-mismatch');
      assert.match(
        config.reason,
        /acme\/forged config sha256:[0-9a-f]{12}: the content does not match its digest/,
      );
    });

    it('refuses schema 1 manifests, which carry no config', async () => {
      registry.putManifest('acme/old', '1', Buffer.from('{"schemaVersion":1,"fsLayers":[]}'), {
        contentType: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
      });
      const old = unresolved((await lookup(registry, 'acme/old:1')).lookup);
      assert.equal(old.failure, 'unsupported');
    });

    it('looks images up a few at a time: never more in flight than registry.concurrency', async () => {
      const references = Array.from({ length: 6 }, (_, i) => {
        registry.putImage(`acme/many-${i}`, '1', { CUDA_VERSION: '12.1.0' });
        return `${registry.host}/acme/many-${i}:1`;
      });
      let inFlight = 0;
      let most = 0;
      registry.fault = (_request, response) => {
        inFlight++;
        most = Math.max(most, inFlight);
        response.on('finish', () => inFlight--);
        return false;
      };
      const run = await resolveImages(references, settings({ concurrency: 2 }), { env: {} });
      assert.equal([...run.lookups.values()].filter((lookup) => lookup.status === 'resolved').length, 6);
      assert.ok(most <= 2, `${most} requests in flight`);
    });

    it('follows a blob redirect to another origin without sending the Authorization there', async () => {
      const storage = await startEmulatedRegistry();
      const secured = await startEmulatedRegistry({
        bearer: { username: 'robot', password: CANARY_PASSWORD, token: CANARY_TOKEN },
      });
      try {
        secured.putImage('acme/r', '1', { CUDA_VERSION: '12.1.0' });
        storage.putImage('acme/r', '1', { CUDA_VERSION: '12.1.0' });
        secured.fault = (request, response) => {
          if (!request.url?.includes('/blobs/') || !request.headers.authorization) return false;
          response.writeHead(307, { location: `http://${storage.host}${request.url}` }).end();
          return true;
        };
        const config = dockerConfigFile(mkdtempSync(join(dir, 'r-')), secured.host, 'robot', CANARY_PASSWORD);
        const found = resolved((await lookup(secured, 'acme/r:1', { docker_config: config })).lookup);
        assert.equal(found.config.env.CUDA_VERSION, '12.1.0');
        assert.deepEqual(
          storage.log.map(
            (entry) => `${entry.method} ${entry.path.replace(/sha256:\w+/, 'DIGEST')} ${entry.authorized}`,
          ),
          ['GET /v2/acme/r/blobs/DIGEST false'],
        );
      } finally {
        await Promise.all([storage.stop(), secured.stop()]);
      }
    });

    it('drops a cached config that no longer matches its digest and fetches it again', async () => {
      const cached = settings();
      const reference = `${registry.host}/acme/ok:1`;
      const first = resolved((await resolveImages([reference], cached, { env: {} })).lookups.get(reference)!);
      const blob = join(cached.cache_dir!, 'blobs', first.configDigest.replace(':', '-'));
      writeFileSync(blob, '{"config":{"Env":["CUDA_VERSION=99.0"]}}');
      const again = await resolveImages([reference], cached, { env: {} });
      assert.equal(resolved(again.lookups.get(reference)!).config.env.CUDA_VERSION, '12.1.0');
      assert.equal(again.requests, 1, 'only the config is fetched again');
    });
  });
});
