// `preflight-guard/policies`: what Pulumi programs and other packs import. Importing it starts no
// policy server: the pack itself is `pack.ts`.

export { MODEL_CARD_ANNOTATION } from '../core/check/bindings';
export {
  attachRuntimeProbe,
  CUDA_ANNOTATION,
  type PodWorkload,
  type ProbedPod,
  probeRbac,
  type RuntimeProbeOptions,
  registerRuntimeProbe,
  runtimeProbeTransformation,
} from './kubernetes';
export { MODEL_CARD_TYPE, ModelCard, type ModelCardArgs } from './model-card';
export { type PackPolicy, POLICIES } from './policies';
