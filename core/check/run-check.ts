import { append } from '../append';
import type { InputError } from '../errors';
import type { Config } from '../model/config';
import type { Finding, Passed } from '../model/finding';
import type { ModelCard } from '../model/model-card';
import type { SecretProvider } from '../model/secret-provider';
import type { Workload } from '../model/workload';
import type { ImageLookups } from '../registry/image-lookup';
import { cudaDriverCompat } from '../rules/cuda-driver-compat';
import { envVarTypo } from '../rules/env-var-typo';
import { gpuProbeAttached } from '../rules/gpu-probe-attached';
import { imageDigestMoved } from '../rules/image-digest-moved';
import { imageTagMismatch } from '../rules/image-tag-mismatch';
import { imageUnresolved } from '../rules/image-unresolved';
import { modelCardSkew } from '../rules/model-card-skew';
import type { CheckContext, Rule } from '../rules/rule';
import { secretMissing } from '../rules/secret-missing';
import { applyOverrides } from './apply-overrides';
import { bindContainers } from './bindings';

/** The rules `preflight check` runs, in report order. */
export const CHECK_RULES: readonly Rule[] = [
  modelCardSkew,
  cudaDriverCompat,
  secretMissing,
  envVarTypo,
  gpuProbeAttached,
  imageTagMismatch,
  imageDigestMoved,
  imageUnresolved,
];

export interface CheckResult {
  findings: Finding[];
  passed: Passed[];
  context: CheckContext;
}

/** What a check looks at: the workloads, the cards that declare their runtime, the secrets the inputs provide. */
export interface CheckInputs {
  workloads: Workload[];
  cards: ModelCard[];
  secretProviders?: SecretProvider[];
  /** Registry lookups by image reference as written; absent when lookups did not run. */
  images?: ImageLookups;
  /**
   * Where input errors found while checking go (an invalid image reference), so that the rest is still
   * checked; absent: they are thrown.
   */
  errors?: InputError[];
}

/** Runs every check rule over the inputs and applies the config's overrides. Pure: no I/O. */
export function runCheck(
  inputs: CheckInputs,
  config: Config,
  today: string = new Date().toISOString().slice(0, 10),
): CheckResult {
  return runRules(CHECK_RULES, inputs, config, today);
}

/** Runs the given rules (a front may run one at a time, e.g. one Pulumi policy) and applies overrides. */
export function runRules(
  rules: readonly Rule[],
  inputs: CheckInputs,
  config: Config,
  today: string = new Date().toISOString().slice(0, 10),
): CheckResult {
  const { workloads, cards } = inputs;
  const context: CheckContext = {
    workloads,
    cards,
    config,
    secretProviders: inputs.secretProviders ?? [],
    bindings: bindContainers(workloads, cards, config, inputs.images),
  };
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  for (const rule of rules) {
    const outcome = rule.check(context);
    append(findings, outcome.findings);
    append(passed, outcome.passed);
  }
  return { findings: applyOverrides(findings, config.overrides, today), passed, context };
}
