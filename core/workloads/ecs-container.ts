import type { SourceDocument } from '../loaders/documents';
import type { Container, EnvVar, SecretRef } from '../model/workload';
import { ecsImage } from './ecs-image';
import { isRecord, listAt, recordAt, recordsAt, shapeError } from './fields';
import { literalText, staticList, subText, type TemplateString, templateString } from './template-string';

type Path = (string | number)[];

/**
 * One ECS container definition (CloudFormation property names) with the secret references it makes.
 * `EntryPoint` is the container's command and `Command` its args, as Docker and Kubernetes name them.
 * Secret `ValueFrom`s computed at deploy time are kept in `Fn::Sub` syntax (`arn:${AWS::Partition}:...`).
 * `raw` has no `Fn::If` left (cloudformation.ts reads each branch). A value only deployment decides (a
 * parameter, an import, a dynamic reference) is left unset: nothing then claims to know it.
 */
export function ecsContainer(
  doc: SourceDocument,
  template: Record<string, unknown>,
  raw: Record<string, unknown>,
  path: Path,
  kind: Container['kind'],
): { container: Container; secretRefs: SecretRef[] } {
  if (raw.Name === undefined || raw.Name === null || raw.Name === '')
    throw shapeError(doc, path, 'missing Name');
  const name = literalText(templateString(raw.Name, template)) || positionalName(path);
  const text = (value: unknown) => templateString(value, template);

  // Environment and Secrets given whole by an intrinsic: their names are not known before deployment.
  let envFromSources = 0;
  const entries = (value: unknown, field: string) => {
    if (isIntrinsic(value)) {
      envFromSources++;
      return [];
    }
    return recordsAt(doc, value, [...path, field]);
  };
  const env: EnvVar[] = entries(raw.Environment, 'Environment').map(({ entry, path }) => {
    const value = text(entry.Value ?? '');
    const literal = literalText(value);
    const envVar: EnvVar = { name: envName(doc, template, entry, path), path };
    // A dynamic reference may stand for a secret (`{{resolve:secretsmanager:...}}`): its value is tainted.
    if (value.some(isDynamic)) envVar.fromSecret = true;
    else if (literal !== undefined) envVar.value = literal;
    return envVar;
  });
  const secretRefs: SecretRef[] = [];
  const secretOf = (entry: Record<string, unknown>, entryPath: Path, via: string) => {
    if (entry.ValueFrom === undefined || entry.ValueFrom === null)
      throw shapeError(doc, entryPath, 'missing ValueFrom');
    const refPath = [...entryPath, 'ValueFrom'];
    secretRefs.push({ name: subText(text(entry.ValueFrom)), via, container: name, path: refPath });
  };
  for (const { entry, path: entryPath } of entries(raw.Secrets, 'Secrets')) {
    secretOf(entry, entryPath, 'secrets[].valueFrom');
    env.push({ name: envName(doc, template, entry, entryPath), fromSecret: true, path: entryPath });
  }
  const logPath = [...path, 'LogConfiguration'];
  const log = recordAt(doc, raw.LogConfiguration, logPath);
  for (const { entry, path: entryPath } of recordsAt(doc, log?.SecretOptions, [
    ...logPath,
    'SecretOptions',
  ])) {
    secretOf(entry, entryPath, 'logConfiguration.secretOptions[].valueFrom');
  }
  const credentialsPath = [...path, 'RepositoryCredentials'];
  const credentials = recordAt(doc, raw.RepositoryCredentials, credentialsPath);
  if (credentials) {
    const parameter = credentials.CredentialsParameter;
    if (parameter === undefined || parameter === null) {
      throw shapeError(doc, credentialsPath, 'missing CredentialsParameter');
    }
    secretRefs.push({
      name: subText(text(parameter)),
      via: 'repositoryCredentials.credentialsParameter',
      container: name,
      path: [...credentialsPath, 'CredentialsParameter'],
    });
  }

  const container: Container = {
    name,
    ...(raw.Image === undefined || raw.Image === null
      ? { imageUnknown: 'no image set' }
      : ecsImage(text(raw.Image))),
    env,
    // S3 environment files: their variable names are not known before the task starts.
    envFromSources:
      envFromSources +
      (isIntrinsic(raw.EnvironmentFiles)
        ? 1
        : (listAt(doc, raw.EnvironmentFiles, [...path, 'EnvironmentFiles']) ?? []).length),
    command: textList(doc, template, raw.EntryPoint, [...path, 'EntryPoint']),
    args: textList(doc, template, raw.Command, [...path, 'Command']),
    gpus: gpuCount(doc, template, raw.ResourceRequirements, [...path, 'ResourceRequirements']),
    kind,
    path,
  };
  return { container, secretRefs };
}

function envName(
  doc: SourceDocument,
  template: Record<string, unknown>,
  entry: Record<string, unknown>,
  path: Path,
): string {
  if (entry.Name === undefined || entry.Name === null || entry.Name === '')
    throw shapeError(doc, path, 'missing Name');
  const name = literalText(templateString(entry.Name, template));
  if (name === undefined)
    throw shapeError(doc, [...path, 'Name'], 'expected a literal name, not an intrinsic function');
  return name;
}

/**
 * Items computed at deploy time are kept in `Fn::Sub` syntax so a reader sees what decides them; a
 * whole list only deployment decides (`!Ref` a CommaDelimitedList) is one such item.
 */
function textList(
  doc: SourceDocument,
  template: Record<string, unknown>,
  value: unknown,
  path: Path,
): string[] {
  const list = isIntrinsic(value) ? (staticList(value, template) ?? [value]) : listAt(doc, value, path);
  return (list ?? []).map((item) => subText(templateString(item, template)));
}

/** A one-key map such as `{Ref: ...}` or `{Fn::Split: ...}`: a value CloudFormation computes. */
function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function isDynamic(part: TemplateString[number]): boolean {
  return typeof part !== 'string' && part.dynamic === true;
}

/** A GPU requirement whose count only deployment decides still asks for at least one GPU. */
function gpuCount(
  doc: SourceDocument,
  template: Record<string, unknown>,
  value: unknown,
  path: Path,
): number {
  let gpus = 0;
  // Requirements given whole by an intrinsic: whether they hold a GPU is not known.
  if (isIntrinsic(value)) return gpus;
  for (const { entry, path: entryPath } of recordsAt(doc, value, path)) {
    if (entry.Type !== 'GPU') continue;
    const count = literalText(templateString(entry.Value, template));
    if (count === undefined) gpus += 1;
    else if (/^\d+$/.test(count)) gpus += Number(count);
    else throw shapeError(doc, [...entryPath, 'Value'], 'expected a whole number of GPUs');
  }
  return gpus;
}

/** A container whose name only deployment decides is named by its position. */
function positionalName(path: Path): string {
  return `ContainerDefinitions[${path[path.length - 1]}]`;
}
