import type { StackValidationPolicy } from '@pulumi/policy';
import { runRules } from '../../core/check/run-check';
import { ruleInfo } from '../../core/rules/catalog';
import { secretMissing as rule } from '../../core/rules/secret-missing';
import { inPackWords } from '../adapters/pack-wording';
import {
  CONFIG_PROPERTIES,
  checkedConfig,
  coreConfig,
  type PackPolicyConfig,
} from '../adapters/policy-config';
import { reportFindings } from '../adapters/report';
import { stackSecretProviders } from '../adapters/secret-providers';
import { stackWorkloads } from '../adapters/stack-workloads';

const info = ruleInfo('secret-missing');
const PROPERTIES = { externalSecrets: CONFIG_PROPERTIES.externalSecrets };

/** A stack policy: whether a referenced secret exists depends on every other resource in the stack. */
export const secretMissing: StackValidationPolicy = {
  name: info.id,
  description: info.description,
  enforcementLevel: 'mandatory',
  severity: 'high',
  remediationSteps: inPackWords(info.help),
  configSchema: { properties: PROPERTIES },
  validateStack: (args, report) => {
    const config = checkedConfig<PackPolicyConfig>(info.id, args, PROPERTIES, report);
    if (!config) return;
    const { workloads } = stackWorkloads(args.resources);
    const secretProviders = stackSecretProviders(args.resources);
    const result = runRules([rule], { workloads, cards: [], secretProviders }, coreConfig(config));
    reportFindings(result.findings, workloads, info.description, report);
  },
};
