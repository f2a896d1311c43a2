import type { ResourceValidationPolicy } from '@pulumi/policy';
import { runRules } from '../../core/check/run-check';
import { ruleInfo } from '../../core/rules/catalog';
import { envVarTypo as rule } from '../../core/rules/env-var-typo';
import { knownProps } from '../adapters/known-props';
import { configCards } from '../adapters/model-cards';
import { inPackWords } from '../adapters/pack-wording';
import {
  CONFIG_PROPERTIES,
  checkedConfig,
  coreConfig,
  type PackPolicyConfig,
} from '../adapters/policy-config';
import { reportFindings } from '../adapters/report';
import { ECS_TASK_DEFINITION, kubernetesKind, workloadsFromResource } from '../adapters/workloads';

const info = ruleInfo('env-var-typo');
const PROPERTIES = {
  knownEnvNames: CONFIG_PROPERTIES.knownEnvNames,
  modelCards: CONFIG_PROPERTIES.modelCards,
};

/** Per resource, so the violation shows on the workload as soon as it is analyzed. */
export const envVarTypo: ResourceValidationPolicy = {
  name: info.id,
  description: info.description,
  enforcementLevel: 'advisory',
  severity: 'medium',
  remediationSteps: inPackWords(info.help),
  configSchema: { properties: PROPERTIES },
  validateResource: (args, report) => {
    const config = checkedConfig<PackPolicyConfig>(info.id, args, PROPERTIES, report);
    if (!config || (!kubernetesKind(args.type) && args.type !== ECS_TASK_DEFINITION)) return;
    const workloads = workloadsFromResource({ ...args, props: knownProps(args.props) });
    const cards = configCards(config.modelCards ?? [], report);
    if (!cards) return;
    const result = runRules([rule], { workloads, cards }, coreConfig(config));
    reportFindings(result.findings, workloads, info.description, report);
  },
};
