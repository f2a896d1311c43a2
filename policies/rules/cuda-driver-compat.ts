import type { StackValidationPolicy } from '@pulumi/policy';
import { runRules } from '../../core/check/run-check';
import { driverFromGfdLabels } from '../../core/cuda/driver-from-gfd-labels';
import { ruleInfo } from '../../core/rules/catalog';
import { cudaDriverCompat as rule } from '../../core/rules/cuda-driver-compat';
import { stackCards } from '../adapters/model-cards';
import { inPackWords } from '../adapters/pack-wording';
import {
  CONFIG_PROPERTIES,
  checkedConfig,
  coreConfig,
  type PackPolicyConfig,
} from '../adapters/policy-config';
import { reportFindings } from '../adapters/report';
import { stackWorkloads } from '../adapters/stack-workloads';

const info = ruleInfo('cuda-driver-compat');
const PROPERTIES = { gpuDriver: CONFIG_PROPERTIES.gpuDriver, modelCards: CONFIG_PROPERTIES.modelCards };

/**
 * A stack policy because a card's `runtime.cuda` (a `ModelCard` component) can raise the CUDA a
 * container needs above its tag's. It applies only where a driver is declared: `gpuDriver`, or a
 * workload selecting nodes by GPU Feature Discovery driver labels.
 */
export const cudaDriverCompat: StackValidationPolicy = {
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
    const declared =
      config.gpuDriver !== undefined ||
      workloads.some((workload) => workload.nodeLabels && driverFromGfdLabels(workload.nodeLabels));
    if (!declared)
      args.notApplicable(
        'no GPU driver declared: set gpuDriver, or select nodes by GPU Feature Discovery driver labels',
      );
    const cards = stackCards(config.modelCards ?? [], args.resources, report);
    if (!cards) return;
    const result = runRules([rule], { workloads, cards }, coreConfig(config));
    reportFindings(result.findings, workloads, info.description, report);
  },
};
