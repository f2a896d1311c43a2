export { workloadsFromCloudFormation } from './cloudformation';
export { documentFormat } from './document-format';
export { ECR_HOST_STAND_IN, ecsImage } from './ecs-image';
export { inputFiles } from './input-files';
export { kubernetesWorkloadReader, linkWorkloads, workloadsFromKubernetes } from './kubernetes';
export { type LoadOptions, loadWorkloads } from './load-inputs';
export {
  type DeployTimePart,
  literalText,
  subText,
  type TemplateString,
  templateString,
} from './template-string';
export {
  apiGroup,
  BUILT_IN_KINDS,
  BUILT_IN_WORKLOAD_KINDS,
  type ContainerView,
  type PodPlace,
  parsePodPath,
  placePath,
  type WorkloadKind,
  WorkloadKinds,
  workloadKinds,
} from './workload-kinds';
