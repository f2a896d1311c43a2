import type { Policies } from '@pulumi/policy';
import { cudaDriverCompat } from './rules/cuda-driver-compat';
import { envVarTypo } from './rules/env-var-typo';
import { gpuProbeAttached } from './rules/gpu-probe-attached';
import { imageDigestMoved } from './rules/image-digest-moved';
import { imageTagMismatch } from './rules/image-tag-mismatch';
import { imageUnresolved } from './rules/image-unresolved';
import { modelCardSkew } from './rules/model-card-skew';
import { promptTemplateVars } from './rules/prompt-template-vars';
import { secretMissing } from './rules/secret-missing';

/** Every policy of the pack, by rule id. A test pins the names. */
export const POLICIES: Policies = [
  modelCardSkew,
  secretMissing,
  cudaDriverCompat,
  envVarTypo,
  promptTemplateVars,
  gpuProbeAttached,
  imageTagMismatch,
  imageDigestMoved,
  imageUnresolved,
];
