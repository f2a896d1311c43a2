import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULE_CATALOG } from '../../core/rules/catalog';
import { inPackWords } from '../../policies/adapters/pack-wording';

describe("the pack's wording of core texts", () => {
  it('names the policy config where the CLI names preflight.yaml', () => {
    assert.equal(
      inPackWords(
        'create Secret "openai" in namespace llm, or list openai under secrets.external in preflight.yaml if it is created outside these inputs',
      ),
      'create Secret "openai" in namespace llm, or list openai under externalSecrets in the secret-missing policy config if it is created outside these inputs',
    );
    assert.equal(
      inPackWords(
        'rename env OPEN_API_KEY to OPENAI_API_KEY, or list OPEN_API_KEY under env.known in preflight.yaml',
      ),
      'rename env OPEN_API_KEY to OPENAI_API_KEY, or list OPEN_API_KEY under knownEnvNames in the env-var-typo policy config',
    );
    assert.match(
      inPackWords(
        'Fix env TOKENIZER_SHA, or update the model card; to deploy anyway, add an override for model-card-skew with a reason.',
      ),
      /to deploy anyway, set model-card-skew's enforcementLevel to advisory in the policy pack config/,
    );
  });

  it('leaves no preflight.yaml knob in any rule help the pack shows', () => {
    for (const info of RULE_CATALOG) {
      const help = inPackWords(info.help);
      assert.doesNotMatch(help, /secrets\.external|env\.known|unknown_values|add an override/, info.id);
    }
  });
});
