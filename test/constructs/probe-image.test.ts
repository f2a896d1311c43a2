import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PROBE_IMAGE_DIR, RuntimeProbeImage } from '../../constructs';
import { probeImageContext } from '../../constructs/probe-image';
import { writeImageContext } from '../../runtime-probe/bundle';
import { REPO_ROOT } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

/** No container engine here: the recipe is checked as text, against the files the build puts beside it. */
describe('the probe image from the prebuilt bundle', () => {
  const recipe = readFileSync(join(REPO_ROOT, 'runtime-probe', 'Containerfile.prebuilt'), 'utf8');

  it('copies only the bundle and the wrapper into the same base, user and entry point as the full recipe', () => {
    const full = readFileSync(join(REPO_ROOT, 'runtime-probe', 'Containerfile'), 'utf8');
    assert.deepEqual(
      [...recipe.matchAll(/^COPY (.+) (\S+)$/gm)].map((match) => [match[1], match[2]]),
      [['preflight-probe.js with-preflight-env', `${PROBE_IMAGE_DIR}/`]],
    );
    for (const line of ['FROM docker.io/library/node:24-alpine', 'USER node']) {
      assert.ok(recipe.split('\n').includes(line), line);
      assert.ok(full.split('\n').includes(line), line);
    }
    const entryPoint = /^ENTRYPOINT .+$/m;
    assert.equal(recipe.match(entryPoint)?.[0], full.match(entryPoint)?.[0]);
  });

  it('is written by the build beside the bundle: the recipe as Containerfile and exactly the files it copies', () => {
    const bundle = tempFiles({
      'preflight-probe.js': 'probe',
      'with-preflight-env': 'wrapper',
      'main.d.ts': '',
    });
    const image = writeImageContext(bundle);
    assert.equal(image, join(bundle, 'image'));
    assert.deepEqual(readdirSync(image).sort(), [
      'Containerfile',
      'preflight-probe.js',
      'with-preflight-env',
    ]);
    assert.equal(readFileSync(join(image, 'Containerfile'), 'utf8'), recipe);
    assert.equal(readFileSync(join(image, 'preflight-probe.js'), 'utf8'), 'probe');
  });

  it('is found in dist/ of this checkout (npm run build)', () => {
    assert.equal(probeImageContext(), join(REPO_ROOT, 'dist', 'runtime-probe', 'image'));
    const image = RuntimeProbeImage.fromAsset();
    assert.ok(image instanceof ecs.AssetImage);
    new ecs.Ec2TaskDefinition(new Stack(), 'Task').addContainer('probe', { image, memoryLimitMiB: 64 });
  });

  it('fails with what to do when the package was not built', () => {
    const empty = tempFiles({});
    assert.throws(
      () => probeImageContext([join(empty, 'image')]),
      /^Error: the runtime probe's image context was not found: looked for .*image\/Containerfile; build it with `npm run build` in preflight-guard, or pass any image with the probe at \/opt\/preflight as `image`$/,
    );
  });
});
