import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type PolicyDiagnostic, type PreviewResult, runPreview } from '../../policies/engine';
import { type LocalRegistry, startRegistry } from '../harness/registry';
import { imageConfigJson, pushImageOverApi } from '../harness/registry-api';
import { REPO_ROOT } from '../harness/run-cli';

// The real pack over real gRPC, with an emulated engine (programs under runtime.setMocks in preview),
// against the real registry (docker-registry on 127.0.0.1).
const PACK = join(REPO_ROOT, 'policies');
const PROGRAM = join(REPO_ROOT, 'test', 'fixtures', 'pulumi', 'registry');
const PINNED = `sha256:${'c'.repeat(64)}`;

let registry: LocalRegistry;
let dir: string;
let card: string;
const saved = { registry: process.env.PREFLIGHT_TEST_REGISTRY, docker: process.env.DOCKER_CONFIG };

before(async () => {
  registry = await startRegistry();
  dir = mkdtempSync(join(tmpdir(), 'preflight-pack-registry-'));
  await pushImageOverApi(
    registry.host,
    'acme/llm-server',
    '2.3.0-cuda12.1',
    imageConfigJson({ CUDA_VERSION: '11.8.0', PYTORCH_VERSION: '2.3.0' }),
  );
  card = join(dir, 'model-card.json');
  writeFileSync(
    card,
    JSON.stringify({
      model: { id: 'acme/llm' },
      runtime: { cuda: '12.1', pytorch: '2.3.0' },
      image: { repository: `${registry.host}/acme/llm-server`, digest: PINNED },
    }),
  );
  // The program and the pack inherit these: the image's registry, and no Docker credentials.
  process.env.PREFLIGHT_TEST_REGISTRY = registry.host;
  process.env.DOCKER_CONFIG = join(dir, 'no-docker-config');
});
after(async () => {
  process.env.PREFLIGHT_TEST_REGISTRY = saved.registry;
  process.env.DOCKER_CONFIG = saved.docker;
  if (saved.registry === undefined) delete process.env.PREFLIGHT_TEST_REGISTRY;
  if (saved.docker === undefined) delete process.env.DOCKER_CONFIG;
  await registry.stop();
  rmSync(dir, { recursive: true, force: true });
});

const RULES = ['model-card-skew', 'image-tag-mismatch', 'image-digest-moved', 'image-unresolved'];

function config(registrySection: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(RULES.map((rule) => [rule, { modelCards: [card], registry: registrySection }]));
}

function only(result: PreviewResult, policy: string): PolicyDiagnostic[] {
  return result.diagnostics.filter((diagnostic) => diagnostic.policyName === policy);
}

/** Leaves out the note for the card's model.id, which the program does not state (it is said, not checked). */
function checked(diagnostics: PolicyDiagnostic[]): PolicyDiagnostic[] {
  return diagnostics.filter((diagnostic) => !/cannot verify: nothing in the inputs/.test(diagnostic.message));
}

describe('registry policies under the emulated engine', () => {
  it('blocks the preview on card vs image config, tag vs config and a moved tag, attributed to the Deployment', async () => {
    const result = await runPreview({
      programDir: PROGRAM,
      packDir: PACK,
      policyPackConfig: config({ enabled: true, cacheDir: join(dir, 'cache') }),
    });
    assert.equal(result.failed, true);
    const [skew, ...moreSkew] = checked(only(result, 'model-card-skew'));
    assert.equal(moreSkew.length, 0);
    assert.equal(skew!.urn, 'urn:pulumi:dev::registry::kubernetes:apps/v1:Deployment::llm-server');
    assert.match(
      skew!.message,
      /runtime\.cuda MISMATCH \(major drift\): model card acme\/llm declares 12\.1, image config env CUDA_VERSION says 11\.8\.0/,
    );
    assert.match(skew!.message, /effective: 11\.8\.0 \(image config env CUDA_VERSION\)/);
    const [tag] = only(result, 'image-tag-mismatch');
    assert.equal(tag!.enforcementLevel, 'mandatory');
    assert.match(
      tag!.message,
      /runtime\.cuda: tag 2\.3\.0-cuda12\.1 says 12\.1 but the image it names .* has env CUDA_VERSION=11\.8\.0/,
    );
    const [moved] = only(result, 'image-digest-moved');
    assert.equal(moved!.name, 'llm-server');
    assert.match(
      moved!.message,
      /pins sha256:c+… but .* now resolves to sha256:[0-9a-f]{12}…: the tag moved/,
    );
    assert.deepEqual(only(result, 'image-unresolved'), []);
  });

  it('is not applicable, and looks nothing up, unless the policy config enables the registry', async () => {
    const result = await runPreview({ programDir: PROGRAM, packDir: PACK, policyPackConfig: config({}) });
    for (const rule of RULES.slice(1)) assert.deepEqual(only(result, rule), []);
    const [skew] = checked(only(result, 'model-card-skew'));
    assert.match(skew!.message, /cannot be verified offline/);
    assert.doesNotMatch(JSON.stringify(result.diagnostics), /image config/);
  });

  it('reports an image offline mode cannot resolve as advisory, or mandatory when configured', async () => {
    const empty = join(dir, 'empty-cache');
    const advisory = await runPreview({
      programDir: PROGRAM,
      packDir: PACK,
      policyPackConfig: config({ enabled: true, offline: true, cacheDir: empty }),
    });
    const [warning] = only(advisory, 'image-unresolved');
    assert.equal(warning!.enforcementLevel, 'advisory');
    assert.match(
      warning!.message,
      /cannot resolve .*: tag 2\.3\.0-cuda12\.1 is not in the registry cache \(offline\)/,
    );
    const blocking = await runPreview({
      programDir: PROGRAM,
      packDir: PACK,
      policyPackConfig: config({ enabled: true, offline: true, cacheDir: empty, unresolved: 'error' }),
    });
    assert.equal(only(blocking, 'image-unresolved')[0]!.enforcementLevel, 'mandatory');
  });
});
