import type { Fact } from '../model/facts';
import type { RuleOutcome } from '../model/finding';
import { imagePath, locateIn } from '../model/workload';
import { tryParseVersion, versionsMatch } from '../versions';
import { containerTarget } from './model-card-skew';
import type { CheckContext, Rule } from './rule';

/**
 * What an image's tag says (`2.3.0-cuda12.1`) against what its config in the registry says
 * (`CUDA_VERSION=11.8.0`), key by key. Runs only where the image was resolved.
 */
export const imageTagMismatch: Rule = {
  id: 'image-tag-mismatch',
  description:
    "An image's tag says one CUDA or framework version and its image config in the registry says another.",
  defaultSeverity: 'error',
  check(context: CheckContext): RuleOutcome {
    const outcome: RuleOutcome = { findings: [], passed: [] };
    for (const binding of context.bindings) {
      if (binding.image?.status !== 'resolved') continue;
      const target = containerTarget(binding);
      const fromTag = binding.runtime.facts.filter(
        (fact) => fact.origin === 'image-tag' && comparable(fact.key),
      );
      for (const tagFact of fromTag) {
        const inConfig = binding.runtime.facts.filter(
          (fact) => fact.origin === 'image-config' && fact.key === tagFact.key,
        );
        for (const configFact of inConfig) {
          if (agree(tagFact, configFact, context)) {
            outcome.passed.push({
              rule: 'image-tag-mismatch',
              target,
              subject: tagFact.key,
              value: configFact.value,
              source: configFact.detail,
            });
            continue;
          }
          outcome.findings.push({
            rule: 'image-tag-mismatch',
            severity: 'error',
            target,
            location: locateIn(binding.workload, imagePath(binding.workload, binding.container)),
            declared: tagFact.value,
            effective: configFact.value,
            source: configFact.detail,
            message: `${tagFact.key}: ${tagFact.detail} says ${tagFact.value} but the image it names (${binding.image.digest.slice(0, 19)}) has ${configFact.detail.replace('image config ', '')}=${configFact.value}`,
            fix: `Retag ${binding.container.image} after what it contains, or rebuild it for ${tagFact.value}; then deploy by digest.`,
          });
        }
      }
    }
    return outcome;
  },
};

function comparable(key: string): boolean {
  return key.startsWith('runtime.') || key === 'tokenizer_sha' || key === 'model.revision';
}

function agree(tag: Fact, config: Fact, context: CheckContext): boolean {
  if (tag.key.startsWith('runtime.')) {
    const [a, b] = [tryParseVersion(tag.value), tryParseVersion(config.value)];
    // A value that is no version cannot contradict the tag; model-card-skew reports it against the card.
    return !a || !b || versionsMatch(a, b, context.config.ignore_versions);
  }
  const [a, b] = [tag.value.toLowerCase(), config.value.toLowerCase()];
  return a.startsWith(b) || b.startsWith(a);
}
