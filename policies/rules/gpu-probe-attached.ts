import type { ResourceValidationPolicy } from '@pulumi/policy';
import { runRules } from '../../core/check/run-check';
import { ruleInfo } from '../../core/rules/catalog';
import { gpuProbeAttached as rule } from '../../core/rules/gpu-probe-attached';
import { knownProps } from '../adapters/known-props';
import { inPackWords } from '../adapters/pack-wording';
import { coreConfig } from '../adapters/policy-config';
import { reportFindings } from '../adapters/report';
import { ECS_TASK_DEFINITION, kubernetesKind, workloadsFromResource } from '../adapters/workloads';

const info = ruleInfo('gpu-probe-attached');

export const gpuProbeAttached: ResourceValidationPolicy = {
  name: info.id,
  description: info.description,
  enforcementLevel: 'advisory',
  severity: 'medium',
  remediationSteps: inPackWords(info.help),
  validateResource: (args, report) => {
    if (!kubernetesKind(args.type) && args.type !== ECS_TASK_DEFINITION) return;
    const workloads = workloadsFromResource({ ...args, props: knownProps(args.props) });
    const result = runRules([rule], { workloads, cards: [] }, coreConfig({}));
    // The rule's own level is a warning; here the policy's enforcement level decides.
    const findings = result.findings.map((finding) => ({ ...finding, severity: 'error' as const }));
    reportFindings(findings, workloads, info.description, report);
  },
};
