import type { SourceDocument } from '../loaders/documents';
import { locateLazily } from '../model/location';
import type { SecretProvider } from '../model/secret-provider';
import { isRecord, recordAt } from '../workloads/fields';
import { literalText, templateString } from '../workloads/template-string';

export const SECRETS_MANAGER_SECRET = 'AWS::SecretsManager::Secret';
export const SSM_PARAMETER = 'AWS::SSM::Parameter';

/**
 * The secrets a CloudFormation template creates: Secrets Manager secrets and SSM parameters. Each is named
 * by its literal `Name`; one whose name deployment decides (CDK leaves it out) is named `${LogicalId}`,
 * the way a `Ref` to it reads in a task definition's `ValueFrom`. Its ARN is matched from the name (see
 * parseEcsSecretRef). `SecretString` and generated-secret settings are never read.
 */
export function secretProvidersFromCloudFormation(doc: SourceDocument): SecretProvider[] {
  const template = doc.value;
  if (!isRecord(template)) return [];
  const resources = recordAt(doc, template.Resources, ['Resources']) ?? {};
  const providers: SecretProvider[] = [];
  // Positions close over these, not the document: its parsed value can be collected once read.
  const { locate } = doc;
  const documentStart = { file: doc.file, line: doc.line, column: doc.column };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource)) continue;
    const kind = resource.Type;
    if (kind !== SECRETS_MANAGER_SECRET && kind !== SSM_PARAMETER) continue;
    const path = ['Resources', logicalId];
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    const name =
      properties.Name === undefined ? undefined : literalText(templateString(properties.Name, template));
    const provider = { name: name || `\${${logicalId}}`, kind, creates: true, logicalId, file: doc.file };
    providers.push(
      locateLazily<SecretProvider>(
        provider,
        () => locate([...path, 'Properties', 'Name']) ?? locate(path) ?? documentStart,
      ),
    );
  }
  return providers;
}
