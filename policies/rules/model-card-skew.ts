import type { StackValidationPolicy } from '@pulumi/policy';
import { runRules } from '../../core/check/run-check';
import { ruleInfo } from '../../core/rules/catalog';
import { modelCardSkew as rule } from '../../core/rules/model-card-skew';
import { stackCards } from '../adapters/model-cards';
import { inPackWords } from '../adapters/pack-wording';
import {
  CONFIG_PROPERTIES,
  checkedConfig,
  coreConfig,
  type PackPolicyConfig,
} from '../adapters/policy-config';
import { reportFindings } from '../adapters/report';
import { stackImages } from '../adapters/stack-images';
import { stackWorkloads } from '../adapters/stack-workloads';

const info = ruleInfo('model-card-skew');
const PROPERTIES = {
  modelCards: CONFIG_PROPERTIES.modelCards,
  ignoreVersions: CONFIG_PROPERTIES.ignoreVersions,
  registry: CONFIG_PROPERTIES.registry,
};

/**
 * A stack policy because the cards it needs are resources too (`ModelCard` components), visible only
 * to stack policies; each violation is still attributed to the workload it is about.
 */
export const modelCardSkew: StackValidationPolicy = {
  name: info.id,
  description: info.description,
  enforcementLevel: 'mandatory',
  severity: 'high',
  remediationSteps: inPackWords(info.help),
  configSchema: { properties: PROPERTIES },
  validateStack: async (args, report) => {
    const config = checkedConfig<PackPolicyConfig>(info.id, args, PROPERTIES, report);
    if (!config) return;
    const cards = stackCards(config.modelCards ?? [], args.resources, report);
    if (!cards) return;
    const { workloads, unreadable } = stackWorkloads(args.resources);
    for (const resource of unreadable) report(resource.message, resource.urn);
    if (cards.length === 0)
      args.notApplicable('no model card: declare one with the ModelCard component or modelCards config');
    const core = coreConfig(config);
    // With registry lookups on, the card is compared with the image config too.
    const images = await stackImages(workloads, core.registry);
    const result = runRules([rule], { workloads, cards, images }, core);
    reportFindings(result.findings, workloads, info.description, report);
  },
};
