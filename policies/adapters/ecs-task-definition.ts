import type { KnownProps, PropPath } from './known-props';

/** ECS API field names (camelCase, as in the task definition JSON) to CloudFormation's. */
const FIELDS: Record<string, string> = {
  name: 'Name',
  image: 'Image',
  environment: 'Environment',
  secrets: 'Secrets',
  value: 'Value',
  valueFrom: 'ValueFrom',
  command: 'Command',
  entryPoint: 'EntryPoint',
  resourceRequirements: 'ResourceRequirements',
  type: 'Type',
  logConfiguration: 'LogConfiguration',
  secretOptions: 'SecretOptions',
  repositoryCredentials: 'RepositoryCredentials',
  credentialsParameter: 'CredentialsParameter',
  essential: 'Essential',
  dependsOn: 'DependsOn',
  containerName: 'ContainerName',
  condition: 'Condition',
  environmentFiles: 'EnvironmentFiles',
  dockerLabels: 'DockerLabels',
};

/** Keys under these hold user data (label names, driver options) and keep their spelling. */
const OPAQUE = new Set(['dockerLabels', 'options']);

export interface EcsTemplate {
  document: unknown;
  unknownPaths: PropPath[];
}

/**
 * `aws:ecs/taskDefinition:TaskDefinition` carries its containers as a JSON string in the ECS API's
 * shape. Renaming the fields to CloudFormation's lets the one ECS reader in core serve both fronts.
 * An unknown `containerDefinitions` (built from outputs at preview) becomes one unknown path.
 */
export function ecsContainerDefinitionsAsCloudFormation(
  name: string,
  props: KnownProps,
): EcsTemplate | undefined {
  const root: PropPath = ['Resources', name, 'Properties', 'ContainerDefinitions'];
  const raw = props.value.containerDefinitions;
  if (props.unknownPaths.some((path) => path[0] === 'containerDefinitions')) {
    return {
      document: taskDefinitionTemplate(name, props, [{ Name: 'containerDefinitions' }]),
      unknownPaths: [[...root, 0, 'Image']],
    };
  }
  if (typeof raw !== 'string') return undefined;
  let definitions: unknown;
  try {
    definitions = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(definitions)) return undefined;
  return {
    document: taskDefinitionTemplate(
      name,
      props,
      definitions.map((d) => renamed(d)),
    ),
    unknownPaths: [],
  };
}

function taskDefinitionTemplate(name: string, props: KnownProps, definitions: unknown[]): unknown {
  const family = typeof props.value.family === 'string' ? props.value.family : undefined;
  return {
    Resources: {
      [name]: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: { ...(family ? { Family: family } : {}), ContainerDefinitions: definitions },
      },
    },
  };
}

function renamed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(renamed);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      (Object.hasOwn(FIELDS, key) ? FIELDS[key] : undefined) ?? key,
      OPAQUE.has(key) ? item : renamed(item),
    ]),
  );
}
