import { shortHash } from '../format/short-hash';
import type { RuleOutcome } from '../model/finding';
import { cardName } from '../model/model-card';
import { imagePath, locateIn } from '../model/workload';
import { containerTarget } from './model-card-skew';
import type { CheckContext, Rule } from './rule';

/**
 * A card's `image.digest` against what the deployed tag resolves to now. The index digest and the
 * platform's own manifest digest both count: either is a faithful pin.
 */
export const imageDigestMoved: Rule = {
  id: 'image-digest-moved',
  description:
    'A model card pins an image digest and the tag the workload deploys now resolves to another digest.',
  defaultSeverity: 'error',
  check(context: CheckContext): RuleOutcome {
    const outcome: RuleOutcome = { findings: [], passed: [] };
    for (const binding of context.bindings) {
      const { card, image } = binding;
      const pinned = card?.image.digest;
      // A reference by digest is compared as written by model-card-skew.
      if (!card || !pinned || image?.status !== 'resolved' || image.reference.includes('@')) continue;
      const target = containerTarget(binding);
      if (pinned === image.digest || pinned === image.platformDigest) {
        outcome.passed.push({
          rule: 'image-digest-moved',
          target,
          subject: 'image.digest',
          value: shortHash(pinned),
          source: `registry, ${image.reference}`,
        });
        continue;
      }
      outcome.findings.push({
        rule: 'image-digest-moved',
        severity: 'error',
        target,
        location: locateIn(binding.workload, imagePath(binding.workload, binding.container)),
        declared: pinned,
        effective: image.digest,
        source: `registry, tag of ${image.reference}`,
        message: `image.digest: model card ${cardName(card)} pins ${shortHash(pinned)} but ${image.reference} now resolves to ${shortHash(image.digest)}: the tag moved`,
        fix: `Deploy ${card.image.repository}@${pinned}, or verify the new image and update the card's image.digest.`,
      });
    }
    return outcome;
  },
};
