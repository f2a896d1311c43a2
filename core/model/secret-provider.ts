import type { Location } from './location';

/**
 * Something in the stack that makes a secret exist: a Kubernetes Secret, an ExternalSecret's target,
 * a SealedSecret, a SecretProviderClass's synced Secret, an AWS Secrets Manager secret, an SSM parameter.
 * Never carries a value: only names and keys.
 */
export interface SecretProvider {
  /** The secret name as references use it: a k8s Secret name, a Secrets Manager name or ARN, an SSM parameter name. */
  name: string;
  /** Kubernetes namespace; absent for cloud secrets and for k8s objects without one (the default namespace). */
  namespace?: string;
  /** The keys it is known to hold; absent when they cannot be known statically (ESO `dataFrom`, cloud JSON secrets). */
  keys?: string[];
  /** What provides it: `Secret`, `ExternalSecret`, `SealedSecret`, `SecretProviderClass`, `AWS::SecretsManager::Secret`, ... */
  kind: string;
  /** False for providers that need an existing Secret rather than creating one (ESO `creationPolicy: Merge | None`). */
  creates: boolean;
  /**
   * Set for a Secret that a Secrets Store CSI `SecretProviderClass` syncs: the class's name. The Secret exists
   * only while a pod mounts a CSI volume of that class, so only such pods may rely on it.
   */
  secretProviderClass?: string;
  /** True when a label selector picks the namespaces (ClusterExternalSecret): it may provide the secret in any. */
  anyNamespace?: boolean;
  /** Where it was declared: a file position, a CFN logical id, a Pulumi URN. */
  location?: Location;
  /** The file it was declared in, known without locating it (CloudFormation templates). */
  file?: string;
  logicalId?: string;
  urn?: string;
}
