export { workloadsFromCloudFormation } from './cloudformation';
export { documentFormat } from './document-format';
export { ECR_HOST_STAND_IN, ecsImage } from './ecs-image';
export { inputFiles } from './input-files';
export { workloadsFromKubernetes } from './kubernetes';
export { type LoadOptions, loadWorkloads } from './load-inputs';
export {
  type DeployTimePart,
  literalText,
  subText,
  type TemplateString,
  templateString,
} from './template-string';
