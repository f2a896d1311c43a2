export { SECRETS_MANAGER_SECRET, SSM_PARAMETER, secretProvidersFromCloudFormation } from './cloudformation';
export {
  type AwsSecretStore,
  awsSecretNamesMatch,
  type EcsSecretRef,
  parseEcsSecretRef,
} from './ecs-secret-ref';
export { KUBERNETES_PROVIDER_KINDS, secretProvidersFromKubernetes } from './kubernetes';
