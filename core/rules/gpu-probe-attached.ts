import { append } from '../append';
import type { Finding, Passed, RuleOutcome } from '../model/finding';
import { type Container, locateIn, type Workload, workloadTarget } from '../model/workload';
import type { CheckContext, Rule } from './rule';

/** Image names the runtime probe ships under (runtime-probe/ builds `preflight-probe`). */
const PROBE_IMAGES = ['preflight-probe', 'preflight-guard-probe'];

/**
 * A GPU workload needs the runtime probe beside it: the CUDA check and CPU fallback happen at boot or
 * not at all. The probe counts as attached when an init or sidecar container runs `probe cuda` or
 * uses the probe image.
 */
export const gpuProbeAttached: Rule = {
  id: 'gpu-probe-attached',
  description: 'A workload requests a GPU without the runtime probe attached.',
  defaultSeverity: 'warning',
  check(context: CheckContext): RuleOutcome {
    const findings: Finding[] = [];
    const passed: Passed[] = [];
    for (const workload of context.workloads) {
      const gpuContainers = workload.containers.filter(
        (container) => container.kind === 'app' && container.gpus > 0,
      );
      const target = workloadTarget(workload);
      const probe = workload.containers.find((container) => container.kind !== 'app' && runsProbe(container));
      if (gpuContainers.length === 0) {
        if (!probe) append(findings, unresolvedClaims(workload));
        continue;
      }
      if (probe) {
        passed.push({
          rule: 'gpu-probe-attached',
          target,
          subject: 'runtime probe',
          value: `container ${probe.name}`,
        });
        continue;
      }
      const gpus = gpuContainers.reduce((sum, container) => sum + container.gpus, 0);
      findings.push({
        rule: 'gpu-probe-attached',
        severity: 'warning',
        target,
        location: locateIn(workload, gpuContainers[0]!.path),
        message: `${target} requests ${gpus} GPU${gpus === 1 ? '' : 's'} (container ${gpuContainers.map((c) => c.name).join(', ')}) without the runtime probe: a driver too old for the image's CUDA is found only when the app crashes`,
        fix: workload.podTemplate === false ? NO_POD_TEMPLATE_FIX : ATTACH_FIX,
      });
    }
    return { findings, passed };
  },
};

const ATTACH_FIX =
  'Attach the runtime probe: registerRuntimeProbe() from preflight-guard/policies (Pulumi + Kubernetes), RuntimeProbeSidecar from preflight-guard/constructs (CDK + ECS), or by hand an init container running `probe cuda` from the preflight-probe image with the app started through with-preflight-env.';

/** An operator that builds the pod from its own fields (NIMService, VLLMRuntime) takes no init container. */
const NO_POD_TEMPLATE_FIX =
  "This kind has no pod template (its operator builds the pod), so the probe cannot be attached here: run `probe cuda` first in the image's entrypoint (with-preflight-env), or add an override for gpu-probe-attached with a reason.";

/**
 * A DRA claim whose template, claim or device class is not in the inputs may or may not be a GPU: said
 * as a note, never counted as one (nor passed over).
 */
function unresolvedClaims(workload: Workload): Finding[] {
  const target = workloadTarget(workload);
  const findings: Finding[] = [];
  for (const container of workload.containers) {
    if (container.kind !== 'app') continue;
    for (const use of container.deviceClaims ?? []) {
      if (use.gpus !== undefined) continue;
      const source = use.source
        ? `${use.source.kind} ${use.source.name}`
        : "no entry in the pod's resourceClaims";
      findings.push({
        rule: 'gpu-probe-attached',
        severity: 'note',
        target,
        location: locateIn(workload, use.path ?? container.path),
        message: `container ${container.name} uses the resource claim ${use.name} (${source}), whose device class is not in the inputs: cannot tell whether it requests a GPU`,
        fix: 'Check the claim with the ResourceClaimTemplate or ResourceClaim it names (and its DeviceClass, when it is not gpu.nvidia.com or mig.nvidia.com): give them to the check too.',
      });
    }
  }
  return findings;
}

function runsProbe(container: Container): boolean {
  const repository = container.image?.split('@')[0]?.split(':')[0]?.split('/').pop() ?? '';
  if (PROBE_IMAGES.includes(repository)) return true;
  let previous = '';
  for (const part of [container.command, container.args]) {
    for (const written of part) {
      for (const token of /\s/.test(written) ? written.split(/\s+/) : [written]) {
        if ((previous === 'probe' && token === 'cuda') || token.endsWith('preflight-probe.js')) return true;
        previous = token;
      }
    }
  }
  return false;
}
