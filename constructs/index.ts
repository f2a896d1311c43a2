export { GpuBootProbe, type GpuBootProbeProps } from './gpu-boot-probe';
export { type DeclaredModelCard, ModelCard, type ModelCardProps } from './model-card';
export {
  HOST_ROOT,
  PREFLIGHT_DIR,
  PREFLIGHT_ENV_FILE,
  PREFLIGHT_WRAPPER,
} from './probe-command-line';
export { PROBE_IMAGE_DIR, RuntimeProbeImage } from './probe-image';
export { ProbeMode } from './probe-mode';
export {
  PROBE_VOLUME,
  type ProbeContainerOptions,
  RUNTIME_PROBE_METADATA,
  RuntimeProbeSidecar,
  type RuntimeProbeSidecarProps,
} from './runtime-probe-sidecar';
export * from './validation';
