import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_REGISTRY_SETTINGS } from '../../../core/model/config';
import type { ImageLookup, ResolvedImage, UnresolvedImage } from '../../../core/registry/image-lookup';
import { resolveImages } from '../../../core/registry/resolve-images';
import { dockerConfigFile, startRegistry } from '../../harness/registry';
import { imageConfigJson, pushImageOverApi } from '../../harness/registry-api';
import { type EmulatedRegistry, startEmulatedRegistry } from '../../harness/registry-emulation';

// Where a registry's redirects may lead: the real registry's `redirect` storage middleware answers blob
// GETs with a 307 to a base URL of our choosing (as registries in front of S3 or a CDN do); an emulated
// registry answers what the real one will not (a loop, a Location that does not parse).
const CANARY_PASSWORD = 'canary-redirect-password-73c1';
const CONFIG = imageConfigJson({ CUDA_VERSION: '12.1.0' });

let dir: string;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'preflight-redirects-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function lookup(reference: string, docker_config?: string): Promise<ImageLookup> {
  const settings = {
    ...DEFAULT_REGISTRY_SETTINGS,
    enabled: true,
    cache_dir: mkdtempSync(join(dir, 'cache-')),
    ...(docker_config ? { docker_config } : {}),
  };
  const run = await resolveImages([reference], settings, { env: { DOCKER_CONFIG: join(dir, 'none') } });
  return run.lookups.get(reference)!;
}

function unresolved(value: ImageLookup): UnresolvedImage {
  assert.equal(value.status, 'unresolved');
  return value as UnresolvedImage;
}

describe('registry redirects', () => {
  for (const [scheme, target] of [
    ['file:', 'file://localhost/etc/passwd'],
    ['ftp:', 'ftp://127.0.0.1/'],
  ] as const) {
    it(`a blob redirected to ${target} leaves that image unresolved, saying why (real registry)`, async () => {
      const registry = await startRegistry(undefined, { blobRedirect: target });
      try {
        await pushImageOverApi(registry.host, 'acme/llm', '1', CONFIG);
        const failed = unresolved(await lookup(`${registry.host}/acme/llm:1`));
        assert.equal(failed.failure, 'redirect');
        assert.match(
          failed.reason,
          new RegExp(
            `^127\\.0\\.0\\.1:\\d+ redirected acme/llm blob sha256:[0-9a-f]{64} to a ${scheme} URL; only http and https redirects are followed$`,
          ),
        );
      } finally {
        await registry.stop();
      }
    });
  }

  it('sends the basic credentials to the registry only, not to the host a blob is redirected to (real registry)', async () => {
    const seen: (string | undefined)[] = [];
    const storage: Server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(200, { 'content-length': CONFIG.length }).end(CONFIG);
    });
    await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
    const storageHost = `127.0.0.1:${(storage.address() as AddressInfo).port}`;
    const registry = await startRegistry(
      { username: 'ci', password: CANARY_PASSWORD },
      { blobRedirect: `http://${storageHost}/` },
    );
    try {
      await pushImageOverApi(registry.host, 'acme/llm', '1', CONFIG, {
        username: 'ci',
        password: CANARY_PASSWORD,
      });
      const config = dockerConfigFile(mkdtempSync(join(dir, 'auth-')), registry.host, 'ci', CANARY_PASSWORD);
      const found = await lookup(`${registry.host}/acme/llm:1`, config);
      assert.equal(found.status, 'resolved', found.status === 'unresolved' ? found.reason : '');
      assert.equal((found as ResolvedImage).config.env.CUDA_VERSION, '12.1.0');
      assert.deepEqual(seen, [undefined], 'the redirected blob GET carried no Authorization');
    } finally {
      await Promise.all([registry.stop(), new Promise((resolve) => storage.close(resolve))]);
    }
  });

  describe('emulated registry', () => {
    let registry: EmulatedRegistry;
    before(async () => {
      registry = await startEmulatedRegistry();
      registry.putImage('acme/llm', '1', { CUDA_VERSION: '12.1.0' });
    });
    after(() => registry.stop());

    it('gives up on a redirect loop after a few hops', async () => {
      registry.log.length = 0;
      registry.fault = (request, response) => {
        response.writeHead(307, { location: request.url }).end();
        return true;
      };
      const failed = unresolved(await lookup(`${registry.host}/acme/llm:1`));
      assert.equal(failed.failure, 'redirect');
      assert.match(failed.reason, /^127\.0\.0\.1:\d+: too many redirects for acme\/llm manifest 1$/);
      assert.equal(registry.log.length, 4, 'the request and three redirects');
    });

    it('refuses a Location that is not a URL', async () => {
      registry.fault = (_request, response) => {
        response.writeHead(302, { location: 'http://[not-a-host/x' }).end();
        return true;
      };
      const failed = unresolved(await lookup(`${registry.host}/acme/llm:1`));
      assert.equal(failed.failure, 'redirect');
      assert.match(
        failed.reason,
        /^127\.0\.0\.1:\d+ redirected acme\/llm manifest 1 to a Location that is not a URL$/,
      );
    });
  });
});
