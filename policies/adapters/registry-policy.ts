import type { StackValidationPolicy } from '@pulumi/policy';
import { runRules } from '../../core/check/run-check';
import { ruleInfo } from '../../core/rules/catalog';
import type { Rule } from '../../core/rules/rule';
import { stackCards } from './model-cards';
import { inPackWords } from './pack-wording';
import { CONFIG_PROPERTIES, checkedConfig, coreConfig, type PackPolicyConfig } from './policy-config';
import { reportFindings } from './report';
import { stackImages } from './stack-images';
import { stackWorkloads } from './stack-workloads';

const PROPERTIES = {
  registry: CONFIG_PROPERTIES.registry,
  modelCards: CONFIG_PROPERTIES.modelCards,
  ignoreVersions: CONFIG_PROPERTIES.ignoreVersions,
};

/**
 * A stack policy for a rule over registry facts. Registry lookups make network calls, so they run
 * only where this policy's `registry.enabled` says so; otherwise the policy is not applicable, unless
 * `withoutLookups` says the rule has findings of its own without them (an invalid image reference).
 */
export function registryPolicy(
  rule: Rule,
  options: { withoutLookups?: boolean } = {},
): StackValidationPolicy {
  const info = ruleInfo(rule.id);
  return {
    name: info.id,
    description: info.description,
    enforcementLevel: 'mandatory',
    severity: 'high',
    remediationSteps: inPackWords(info.help),
    configSchema: { properties: PROPERTIES },
    validateStack: async (args, report) => {
      const packConfig = checkedConfig<PackPolicyConfig>(info.id, args, PROPERTIES, report);
      if (!packConfig) return;
      const config = coreConfig(packConfig);
      const { workloads } = stackWorkloads(args.resources);
      const lookups = stackImages(workloads, config.registry);
      if (!lookups && !options.withoutLookups)
        args.notApplicable(`registry lookups are off: set registry.enabled in the ${info.id} policy config`);
      const cards = stackCards(packConfig.modelCards ?? [], args.resources, report);
      if (!cards) return;
      const result = runRules([rule], { workloads, cards, images: await lookups }, config);
      reportFindings(result.findings, workloads, info.description, report);
    },
  };
}
