import { cudaDriverCompat } from '../../core/rules/cuda-driver-compat';
import { envVarTypo } from '../../core/rules/env-var-typo';
import { gpuProbeAttached } from '../../core/rules/gpu-probe-attached';
import { modelCardSkew } from '../../core/rules/model-card-skew';
import type { Rule } from '../../core/rules/rule';
import { secretMissing } from '../../core/rules/secret-missing';

/**
 * The `preflight check` rules that judge templates alone, in check's order. The registry rules
 * (image config, digests) need network lookups, which a synchronous `validate()` cannot await: run
 * `preflight check cdk.out --registry` in CI for those.
 */
export const SYNTH_RULES: readonly Rule[] = [
  modelCardSkew,
  cudaDriverCompat,
  secretMissing,
  envVarTypo,
  gpuProbeAttached,
];
