import { cudaVerdict } from '../cuda/cuda-verdict';
import { type CudaVersion, compareCudaVersions, cudaText, parseCudaVersion } from '../cuda/cuda-version';
import { type DeclaredDriver, declaredDriverText, parseDeclaredDriver } from '../cuda/declared-driver';
import { driverFromGfdLabels } from '../cuda/driver-from-gfd-labels';
import { minDriverForCuda } from '../cuda/min-driver-for-cuda';
import type { Config } from '../model/config';
import { factsFor } from '../model/facts';
import type { Finding, RuleOutcome } from '../model/finding';
import type { Location } from '../model/location';
import { cardName } from '../model/model-card';
import { type Container, locateIn, type Workload, workloadTarget } from '../model/workload';
import type { Binding, CheckContext, Rule } from './rule';

/**
 * Before a deploy, the CUDA each GPU container needs against the driver its nodes are declared to
 * have: the GPU Feature Discovery driver labels the workload selects nodes by, else `gpu_driver` in
 * the config. With no driver declared there is nothing to compare, and the rule says nothing (the
 * runtime probe checks the real driver at boot).
 */
export const cudaDriverCompat: Rule = {
  id: 'cuda-driver-compat',
  description: "The image's CUDA version needs a newer NVIDIA driver than the target nodes have.",
  defaultSeverity: 'error',
  check(context: CheckContext): RuleOutcome {
    const outcome: RuleOutcome = { findings: [], passed: [] };
    const configured = configDriver(context.config, outcome);
    const declared = new Map<Workload, DeclaredDriver | undefined>();
    for (const binding of context.bindings) {
      if (!usesGpu(binding.container)) continue;
      if (!declared.has(binding.workload))
        declared.set(binding.workload, workloadDriver(binding.workload, configured, outcome));
      const driver = declared.get(binding.workload);
      if (driver) compareBinding(binding, driver, context.config, outcome);
    }
    return outcome;
  },
};

/** A container that gets a GPU: it requests one, or sets NVIDIA_VISIBLE_DEVICES to devices itself. */
function usesGpu(container: Container): boolean {
  if (container.gpus > 0) return true;
  const visible = container.env.find((env) => env.name === 'NVIDIA_VISIBLE_DEVICES')?.value?.trim();
  return visible !== undefined && !['', 'void', 'none'].includes(visible);
}

/** `gpu_driver` from the config; the config loader refuses a bad one, a hand-built Config is told here. */
function configDriver(config: Config, outcome: RuleOutcome): DeclaredDriver | undefined {
  if (config.gpu_driver === undefined) return undefined;
  const driver = parseDeclaredDriver(config.gpu_driver, 'config gpu_driver');
  if (driver) return driver;
  outcome.findings.push({
    rule: 'cuda-driver-compat',
    severity: 'error',
    target: config.file ?? 'config',
    ...(config.file ? { location: { file: config.file } } : {}),
    declared: config.gpu_driver,
    message: `gpu_driver "${config.gpu_driver}" is not an NVIDIA driver version; the CUDA of GPU containers cannot be checked against it`,
    fix: 'Set gpu_driver to a driver version such as "535.104.05" or a branch such as "535".',
  });
  return undefined;
}

/** The workload's own GFD driver labels win over the config; a label no driver can have is reported. */
function workloadDriver(
  workload: Workload,
  configured: DeclaredDriver | undefined,
  outcome: RuleOutcome,
): DeclaredDriver | undefined {
  const fromLabels = workload.nodeLabels && driverFromGfdLabels(workload.nodeLabels);
  if (!fromLabels) return configured;
  if ('driver' in fromLabels) return fromLabels.driver;
  const { key, label } = fromLabels.bad;
  outcome.findings.push({
    rule: 'cuda-driver-compat',
    severity: 'warning',
    target: workloadTarget(workload),
    location: locateIn(workload, label.path),
    declared: label.value,
    source: `${label.via} ${key}`,
    message: `${label.via} ${key}: "${label.value}" is not a driver version GPU Feature Discovery writes, so no GPU node matches it and the driver cannot be checked`,
    fix: `Select nodes by ${key} with a value such as ${key.endsWith('.full') ? '"535.104.05"' : key.endsWith('major') ? '"535"' : '"104"'}.`,
  });
  return undefined;
}

interface RequiredCuda {
  cuda: CudaVersion;
  /** Where it came from, in words: `tag 2.3.0-cuda12.4`, `env CUDA_VERSION`, `model card org/llm runtime.cuda`. */
  source: string;
  location?: Location;
}

/** The highest CUDA the container's runtime says (tag, env) or its card declares; effective facts first on a tie. */
function requiredCuda(binding: Binding): RequiredCuda | undefined {
  const candidates: RequiredCuda[] = [];
  for (const fact of factsFor(binding.runtime, 'runtime.cuda')) {
    const cuda = parseCudaVersion(fact.value);
    if (cuda) candidates.push({ cuda, source: fact.detail, location: fact.location });
  }
  const declared = binding.card?.runtime.cuda;
  const cardCuda = declared === undefined ? null : parseCudaVersion(declared);
  if (binding.card && cardCuda) {
    const location = binding.card.locate?.(['runtime', 'cuda']) ?? { file: binding.card.file };
    candidates.push({
      cuda: cardCuda,
      source: `model card ${cardName(binding.card)} runtime.cuda`,
      location,
    });
  }
  return candidates.reduce<RequiredCuda | undefined>(
    (best, candidate) => (!best || compareCudaVersions(candidate.cuda, best.cuda) > 0 ? candidate : best),
    undefined,
  );
}

function compareBinding(
  binding: Binding,
  driver: DeclaredDriver,
  config: Config,
  outcome: RuleOutcome,
): void {
  const target = `${workloadTarget(binding.workload)} container ${binding.container.name}`;
  const driverText = `driver ${declaredDriverText(driver)} (${driver.source})`;
  const required = requiredCuda(binding);
  if (!required) {
    outcome.findings.push(unknownCuda(binding, target, driverText, config));
    return;
  }
  const need = cudaText(required.cuda);
  const verdict = cudaVerdict(
    { state: 'found', version: driver.version, source: driver.source },
    required.cuda,
  );
  const max = verdict.maxCuda && cudaText(verdict.maxCuda);
  if (verdict.verdict === 'compatible') {
    outcome.passed.push({
      rule: 'cuda-driver-compat',
      target,
      subject: 'runtime.cuda vs driver',
      value: `${need}; driver ${driver.branch === undefined ? driver.version.raw : `${driver.branch} (branch)`} supports up to ${max}`,
      source: `${required.source}; ${driver.source}`,
    });
    return;
  }
  const base = {
    rule: 'cuda-driver-compat' as const,
    target,
    location: required.location ?? locateIn(binding.workload, binding.container.path),
    declared: `${driverText}${max ? `, CUDA up to ${max}` : ''}`,
    effective: `CUDA ${need}`,
    source: required.source,
  };
  const needs = `${target} needs CUDA ${need} (${required.source}), but ${driverText}`;
  const upgrade = minDriverForCuda(required.cuda);
  const upgradeText = upgrade
    ? `upgrade the nodes' driver to ${upgrade.raw} or newer`
    : `upgrade the nodes' driver to one that supports CUDA ${need}`;
  const older = max ? `use an image built for CUDA ${max} or older` : 'use an image built for an older CUDA';
  if (verdict.verdict === 'minor-version-compatible') {
    outcome.findings.push({
      ...base,
      severity: 'warning',
      message: `${needs} supports CUDA up to ${max}: it runs only by minor-version compatibility, so PTX newer than the driver cannot be JIT-compiled and APIs that need a newer driver fail (CUDA errors 222, 36)`,
      fix: `Make sure the image ships SASS for your GPUs, ${older}, or ${upgradeText}.`,
    });
    return;
  }
  if (verdict.verdict === 'incompatible') {
    const supports = max ? `supports CUDA up to ${max}` : 'is older than every CUDA release in the table';
    outcome.findings.push({
      ...base,
      severity: 'error',
      message: `${needs} ${supports}: the app fails at its first CUDA call (CUDA error 35/804)`,
      fix: `${capitalize(older)}, ${upgradeText}, or attach the runtime probe in fallback mode (CPU safe mode instead of a crash); to deploy anyway, add an override for cuda-driver-compat with a reason.`,
    });
    return;
  }
  outcome.findings.push({
    ...base,
    severity: 'note',
    message: `${needs}: cannot compare them (${verdict.reason})`,
    fix: 'Attach the runtime probe: it checks the real driver at boot.',
  });
}

/** No CUDA known for the container: a computed image cannot be verified; a known one is a note. */
function unknownCuda(binding: Binding, target: string, driverText: string, config: Config): Finding {
  const { container, workload } = binding;
  const computed = container.image === undefined;
  return {
    rule: 'cuda-driver-compat',
    severity: computed ? config.unknown_values : 'note',
    target,
    location: locateIn(workload, container.path),
    declared: driverText,
    ...(computed ? { source: container.imageUnknown } : {}),
    message: computed
      ? `${target}: the image is computed at deploy time (${container.imageUnknown ?? 'unknown'}); cannot tell which CUDA it needs, so it cannot be checked against ${driverText}`
      : `${target}: cannot tell which CUDA the image needs (no CUDA in its tag, env CUDA_VERSION or NVIDIA_REQUIRE_CUDA, or a model card), so it cannot be checked against ${driverText}`,
    fix: computed
      ? 'Use a literal image reference, declare runtime.cuda in its model card, or set unknown_values: warning in preflight.yaml to accept this.'
      : 'Declare runtime.cuda in the model card, set CUDA_VERSION on the container, or add an image_conventions entry that reads the CUDA from the tag.',
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
