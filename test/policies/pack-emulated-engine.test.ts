import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../core/errors';
import { type PolicyDiagnostic, type PreviewResult, runPreview } from '../../policies/engine';
import { REPO_ROOT } from '../harness/run-cli';

// These drive the real @pulumi/policy server in the real pack over real gRPC; what is emulated is the
// Pulumi engine (no CLI can be installed here): programs run under runtime.setMocks in preview mode.
const PACK = join(REPO_ROOT, 'policies');
const PROGRAMS = join(REPO_ROOT, 'test', 'fixtures', 'pulumi');
const EXAMPLES = join(REPO_ROOT, 'examples', 'pulumi-k8s');

function preview(programDir: string, policyPackConfig?: Record<string, unknown>): Promise<PreviewResult> {
  return runPreview({ programDir, packDir: PACK, policyPackConfig });
}

function only(result: PreviewResult, policy: string): PolicyDiagnostic[] {
  return result.diagnostics.filter((diagnostic) => diagnostic.policyName === policy);
}

const CANARIES = [
  'hf_canary_not_a_real_token',
  'sk-canary-not-a-real-key',
  'hf_canary_unknown_image_7d1e',
  'sk-canary-ecs-4f2a',
  'hf_canary_annotated_91c3',
  'hf_canary_deprecated_77aa',
];

function assertNoCanary(result: PreviewResult): void {
  const text = JSON.stringify(result.diagnostics);
  for (const canary of CANARIES) assert.ok(!text.includes(canary), `diagnostics leaked ${canary}`);
}

describe('policy pack under the emulated engine', () => {
  it('pins the policy names the pack serves', async () => {
    const result = await preview(join(EXAMPLES, 'passing'));
    assert.equal(result.pack.name, 'preflight-guard');
    assert.equal(result.pack.version, require('../../package.json').version);
    assert.equal(
      require('../../policies/package.json').version,
      result.pack.version,
      'pack manifest version follows the package',
    );
    const { POLICIES } = require('../../policies/policies') as typeof import('../../policies/policies');
    assert.deepEqual(POLICIES.map((policy) => policy.name).sort(), [
      'cuda-driver-compat',
      'env-var-typo',
      'gpu-probe-attached',
      'image-digest-moved',
      'image-tag-mismatch',
      'image-unresolved',
      'model-card-skew',
      'prompt-template-vars',
      'secret-missing',
    ]);
  });

  it("blocks the failing example on the seed's tokenizer skew, attributed to the Deployment, leaking no secret", async () => {
    const result = await preview(join(EXAMPLES, 'failing'));
    assert.equal(result.failed, true);
    const [skew, ...more] = only(result, 'model-card-skew');
    assert.equal(more.length, 0);
    const [missing, ...otherMissing] = only(result, 'secret-missing');
    assert.equal(otherMissing.length, 0);
    assert.equal(missing!.enforcementLevel, 'mandatory');
    assert.equal(missing!.name, 'llm-server');
    assert.match(
      missing!.message,
      /secret openai key api-key .* is not provided: no Secret "openai" in namespace llm/,
    );
    assert.deepEqual(only(result, 'prompt-template-vars'), [], 'the annotation declares the prompt variable');
    assert.equal(skew!.enforcementLevel, 'mandatory');
    assert.equal(skew!.type, 'kubernetes:apps/v1:Deployment');
    assert.equal(skew!.name, 'llm-server');
    assert.equal(skew!.urn, 'urn:pulumi:dev::llm-serving-failing::kubernetes:apps/v1:Deployment::llm-server');
    assert.match(
      skew!.message,
      /^The effective runtime .*\ntokenizer_sha MISMATCH: .* declares ad4c1b9, env TOKENIZER_SHA says 9e7f02d/,
    );
    // The stack, the default kubernetes provider, the card and five k8s resources were analyzed.
    assert.equal(result.analyzed, 7);
    assertNoCanary(result);
  });

  it('lets the passing example, which attaches the probe, through with no finding at all', async () => {
    const result = await preview(join(EXAMPLES, 'passing'));
    assert.equal(result.failed, false);
    assert.deepEqual(result.diagnostics, []);
    assertNoCanary(result);
  });

  it('reports an image unknown at preview at the mandatory level instead of letting it pass', async () => {
    const result = await preview(join(PROGRAMS, 'unknown-image'));
    const [unknown] = only(result, 'model-card-skew');
    assert.equal(unknown?.enforcementLevel, 'mandatory', 'not downgraded to advisory');
    assert.match(unknown!.message, /unknown at preview/);
    assert.doesNotMatch(unknown!.message, /can't run policy/);
    assert.equal(result.failed, true);
    assertNoCanary(result);
  });

  it('reads ECS container definitions from their JSON string, with the card from the policy config', async () => {
    const result = await preview(join(PROGRAMS, 'ecs-task'), {
      'model-card-skew': { modelCards: [join(PROGRAMS, 'card.json')] },
      'env-var-typo': { modelCards: [join(PROGRAMS, 'card.json')] },
    });
    // The card's model.id, which the task does not state, is a "cannot verify" note beside it.
    const skew = only(result, 'model-card-skew').find((diagnostic) => /MISMATCH/.test(diagnostic.message));
    assert.equal(skew?.type, 'aws:ecs/taskDefinition:TaskDefinition');
    assert.match(
      skew!.message,
      /runtime\.cuda MISMATCH \(minor drift\): model card org\/llm-7b declares 12\.1, tag 2\.3\.0-cuda12\.4 says 12\.4/,
    );
    const [typo] = only(result, 'env-var-typo');
    assert.match(typo!.message, /env OPEN_API_KEY is not a known name; did you mean OPENAI_API_KEY\?/);
    assert.equal(typo!.enforcementLevel, 'advisory');
    assert.equal(result.failed, true);
    assertNoCanary(result);
  });

  it('binds a workload to its card by annotation, sees the probe init container, and keeps deprecations advisory', async () => {
    const result = await preview(join(PROGRAMS, 'annotated'));
    const [skew] = only(result, 'model-card-skew');
    assert.equal(skew?.type, 'kubernetes:batch/v1:Job');
    assert.match(skew!.message, /model\.revision MISMATCH/);
    assert.deepEqual(only(result, 'gpu-probe-attached'), [], 'the probe init container counts');
    const [deprecated] = only(result, 'env-var-typo');
    assert.match(deprecated!.message, /HUGGING_FACE_HUB_TOKEN is deprecated/);
    assertNoCanary(result);
  });

  it('applies --policy-pack-config levels as the engine does: per policy, and "all"', async () => {
    const advisory = await preview(join(EXAMPLES, 'failing'), {
      'model-card-skew': 'advisory',
      'secret-missing': 'advisory',
    });
    assert.equal(advisory.failed, false);
    assert.equal(only(advisory, 'model-card-skew')[0]?.enforcementLevel, 'advisory');
    const disabled = await preview(join(EXAMPLES, 'failing'), { all: 'disabled' });
    assert.deepEqual(disabled.diagnostics, []);
    const mandatory = await preview(join(EXAMPLES, 'failing'), {
      all: 'mandatory',
      'model-card-skew': 'advisory',
      'secret-missing': 'advisory',
    });
    assert.equal(mandatory.failed, true, 'gpu-probe-attached at mandatory blocks');
    assert.equal(only(mandatory, 'gpu-probe-attached')[0]?.enforcementLevel, 'mandatory');
  });

  it('refuses an invalid policy config the way the engine validates it', async () => {
    await assert.rejects(
      preview(join(EXAMPLES, 'passing'), { 'model-card-skew': { ignoreVersions: ['build'] } }),
      (error) => {
        assert.ok(error instanceof InputError);
        assert.match(
          error.message,
          /^validating policy config: preflight-guard 0\.1\.0 {2}model-card-skew: ignoreVersions\.0: must be equal to one of the allowed values/,
        );
        return true;
      },
    );
    await assert.rejects(
      preview(join(EXAMPLES, 'passing'), { 'no-such-policy': 'mandatory' }),
      /unknown policy "no-such-policy"/,
    );
    await assert.rejects(
      preview(join(EXAMPLES, 'passing'), { all: 'loud' }),
      /all: unknown enforcement level "loud"/,
    );
  });

  it('refuses a misspelled key in a policy config, which the engine cannot see (did you mean)', async () => {
    const result = await preview(join(EXAMPLES, 'failing'), {
      'model-card-skew': { modelCard: ['model-card.json'] },
      'env-var-typo': { knownEnvName: ['MY_FLAG'] },
      'image-unresolved': { regsitry: { enabled: true } },
    });
    const configErrors = result.diagnostics
      .filter((d) => d.message.includes('invalid policy config'))
      .map((d) => `${d.policyName} [${d.enforcementLevel}] ${d.type}: ${d.message.split('\n')[1]}`);
    assert.deepEqual(configErrors.sort(), [
      'env-var-typo [advisory] pulumi:pulumi:Stack: invalid policy config for env-var-typo: unknown field "knownEnvName": did you mean "knownEnvNames"? (expected one of: knownEnvNames, modelCards)',
      'image-unresolved [mandatory] pulumi:pulumi:Stack: invalid policy config for image-unresolved: unknown field "regsitry": did you mean "registry"? (expected one of: registry, modelCards, ignoreVersions)',
      'model-card-skew [mandatory] pulumi:pulumi:Stack: invalid policy config for model-card-skew: unknown field "modelCard": did you mean "modelCards"? (expected one of: modelCards, ignoreVersions, registry)',
    ]);
    assert.equal(result.failed, true);
    // Misconfigured, the policies report nothing else: they do not run as if unconfigured.
    assert.deepEqual(
      only(result, 'model-card-skew').filter((d) => !d.message.includes('invalid policy config')),
      [],
    );
    assert.deepEqual(
      only(result, 'env-var-typo').filter((d) => !d.message.includes('invalid policy config')),
      [],
    );
  });

  it('lints prompt ConfigMaps and flags placeholders left in env values', async () => {
    const result = await preview(join(PROGRAMS, 'prompts'));
    const messages = only(result, 'prompt-template-vars').map(
      (d) => `${d.name} [${d.enforcementLevel}] ${d.message.split('\n')[1]}`,
    );
    assert.deepEqual(messages.sort(), [
      'prompts [mandatory] data["answer.jinja"] 3:10: "user_name" is not declared in prompt_vars.yaml and has no default',
      'prompts [mandatory] data["greeting.hbs"] 1:9: "name" is not declared in prompt_vars.yaml and has no default',
      'worker [mandatory] container worker env API_URL holds the template placeholder ${API_HOST}, which nothing fills: the app receives it literally',
      'worker [mandatory] container worker env SYSTEM_PROMPT holds the template placeholder {{ customer }}, which nothing fills: the app receives it literally',
    ]);
  });

  it('sees Secrets provided in the stack and ExternalSecrets, and honours externalSecrets', async () => {
    const external = await preview(join(EXAMPLES, 'failing'), {
      'secret-missing': { externalSecrets: ['llm/openai'] },
    });
    assert.deepEqual(only(external, 'secret-missing'), []);
  });
});
