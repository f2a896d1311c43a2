export { attachRuntimeProbe, type PodWorkload, type ProbedPod, probeObjectName } from './pod-spec';
export { defaultProbeImage } from './probe-layout';
export { type ProbeRbacInput, probeRbac } from './probe-rbac';
export type { RuntimeProbeOptions } from './probe-settings';
export { registerRuntimeProbe, runtimeProbeTransformation } from './transform';
export { CUDA_ANNOTATION } from './workload-cuda';
