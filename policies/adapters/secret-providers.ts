import type { PolicyResource } from '@pulumi/policy';
import type { SecretProvider } from '../../core/model/secret-provider';
import { SECRETS_MANAGER_SECRET, SSM_PARAMETER, secretProvidersFromKubernetes } from '../../core/secrets';
import { knownProps } from './known-props';
import { kubernetesKind } from './workloads';

/** Pulumi's AWS types that make a secret exist, with the CloudFormation kind the core rule knows. */
const AWS_PROVIDERS: Record<string, string> = {
  'aws:secretsmanager/secret:Secret': SECRETS_MANAGER_SECRET,
  'aws:ssm/parameter:Parameter': SSM_PARAMETER,
};

/**
 * What the stack provides: Kubernetes Secrets, ExternalSecrets, SealedSecrets and SecretProviderClasses
 * (read by the same core reader as manifests: keys only, never values), Secrets Manager secrets and SSM
 * parameters (by their `name`, else the resource name, as autonaming would start it).
 */
export function stackSecretProviders(resources: readonly PolicyResource[]): SecretProvider[] {
  const providers: SecretProvider[] = [];
  for (const resource of resources) {
    const props = knownProps(resource.props).value;
    const k8s = kubernetesKind(resource.type);
    if (k8s) {
      const doc = {
        file: resource.urn,
        value: { ...props, ...k8s },
        line: 1,
        column: 1,
        locate: () => undefined,
      };
      for (const provider of secretProvidersFromKubernetes(doc))
        providers.push({ ...provider, location: undefined, urn: resource.urn });
      continue;
    }
    const kind = Object.hasOwn(AWS_PROVIDERS, resource.type) ? AWS_PROVIDERS[resource.type] : undefined;
    if (kind) {
      const name = typeof props.name === 'string' ? props.name : resource.name;
      providers.push({ name, kind, creates: true, urn: resource.urn });
    }
  }
  return providers;
}
