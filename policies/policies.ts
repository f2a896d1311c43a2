import { cudaDriverCompat } from './rules/cuda-driver-compat';
import { envVarTypo } from './rules/env-var-typo';
import { gpuProbeAttached } from './rules/gpu-probe-attached';
import { imageDigestMoved } from './rules/image-digest-moved';
import { imageTagMismatch } from './rules/image-tag-mismatch';
import { imageUnresolved } from './rules/image-unresolved';
import { modelCardSkew } from './rules/model-card-skew';
import { promptTemplateVars } from './rules/prompt-template-vars';
import { secretMissing } from './rules/secret-missing';

/**
 * A policy of the pack as another pack sees it: a `@pulumi/policy` resource or stack validation policy,
 * ready for `new PolicyPack(name, { policies: [...POLICIES] })`. Declared here rather than as
 * `@pulumi/policy`'s `Policies` so that this package's public types import nothing from `@pulumi/policy`,
 * whose published `index.d.ts` does not type-check under `skipLibCheck: false` (1.21.0: it re-exports
 * two names that its `proxy.d.ts` no longer declares).
 */
export interface PackPolicy {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel?: 'advisory' | 'mandatory' | 'remediate' | 'disabled';
}

/** Every policy of the pack, by rule id. A test pins the names. */
export const POLICIES: readonly PackPolicy[] = [
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
