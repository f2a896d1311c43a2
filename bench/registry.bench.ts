import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_REGISTRY_SETTINGS, type RegistrySettings } from '../core/model/config';
import { type ImageResolutions, resolveImages } from '../core/registry/resolve-images';
import { startRegistry } from '../test/harness/registry';
import { imageConfigJson, pushImageOverApi } from '../test/harness/registry-api';

const IMAGES = 200;
const ROUNDS = 5;
const TARGET_RATIO = 0.05;

/**
 * Issue 7: resolve 200 distinct images (tag → digest → config) against the real registry
 * (docker-registry on 127.0.0.1), with a cold cache and then a warm one, round after round in one run.
 * Also a run whose tag entries have outlived their TTL (one HEAD per image, configs from the cache).
 */
export async function benchRegistry(): Promise<void> {
  const registry = await startRegistry();
  const dir = mkdtempSync(join(tmpdir(), 'preflight-bench-registry-'));
  try {
    const references: string[] = [];
    for (let i = 0; i < IMAGES; i++) {
      const repository = `acme/model-${i % 20}`;
      const tag = `2.${i}.0-cuda12.${i % 10}`;
      const config = imageConfigJson({ CUDA_VERSION: `12.${i % 10}.0`, PYTORCH_VERSION: `2.${i}.0` });
      await pushImageOverApi(registry.host, repository, tag, config);
      references.push(`${registry.host}/${repository}:${tag}`);
    }
    const env = { DOCKER_CONFIG: join(dir, 'no-docker-config') };
    const times = { cold: [] as number[], warm: [] as number[], stale: [] as number[] };
    const requests = { cold: 0, warm: 0, stale: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const settings: RegistrySettings = {
        ...DEFAULT_REGISTRY_SETTINGS,
        enabled: true,
        cache_dir: join(dir, `cache-${round}`),
      };
      const timed = async (kind: keyof typeof times, now?: () => number) => {
        const start = process.hrtime.bigint();
        const run = await resolveImages(references, settings, { env, now });
        times[kind].push(Number(process.hrtime.bigint() - start) / 1e6);
        requests[kind] = run.requests;
        assertAllResolved(run);
      };
      await timed('cold');
      await timed('warm');
      await timed('stale', () => Date.now() + (settings.tag_ttl + 1) * 1000);
    }
    const median = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
    const [cold, warm, stale] = [median(times.cold), median(times.warm), median(times.stale)];
    const ratio = warm / cold;
    console.log(
      `\n== registry: resolve ${IMAGES} distinct images (docker-registry on 127.0.0.1), ${ROUNDS} rounds, medians`,
    );
    console.log(
      `   cold cache                  ${cold.toFixed(1).padStart(7)} ms   ${(requests.cold / IMAGES).toFixed(2)} HTTP requests per image`,
    );
    console.log(
      `   warm cache                  ${warm.toFixed(1).padStart(7)} ms   ${requests.warm} HTTP requests per run`,
    );
    console.log(
      `   warm/cold ratio             ${ratio.toFixed(3).padStart(7)}      (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
    );
    console.log(
      `   tags past TTL (HEAD only)   ${stale.toFixed(1).padStart(7)} ms   ${(requests.stale / IMAGES).toFixed(2)} HTTP requests per image, ratio to cold ${(stale / cold).toFixed(3)}`,
    );
  } finally {
    await registry.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function assertAllResolved(run: ImageResolutions): void {
  const failed = [...run.lookups.values()].find((lookup) => lookup.status !== 'resolved');
  if (failed?.status === 'unresolved') throw new Error(`bench image unresolved: ${failed.reason}`);
  if (run.lookups.size !== IMAGES) throw new Error(`resolved ${run.lookups.size} of ${IMAGES}`);
}
