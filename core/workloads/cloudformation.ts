import type { SourceDocument } from '../loaders/documents';
import type { Locate, Location } from '../model/location';
import type { Container, Origin, SecretRef, Workload } from '../model/workload';
import { ecsContainer } from './ecs-container';
import { isRecord, recordAt, recordsAt } from './fields';
import { literalText, templateString } from './template-string';

const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

/**
 * The ECS task definitions of a CloudFormation template (hand-written or `cdk synth` output). Paths are from
 * the template root, so `origin.locate` is the document's own.
 */
export function workloadsFromCloudFormation(doc: SourceDocument): Workload[] {
  const template = doc.value;
  if (!isRecord(template)) return [];
  const resources = recordAt(doc, template.Resources, ['Resources']) ?? {};
  const workloads: Workload[] = [];
  for (const logicalId in resources) {
    const resource = resources[logicalId];
    if (!isRecord(resource) || resource.Type !== TASK_DEFINITION || !Object.hasOwn(resources, logicalId))
      continue;
    workloads.push(taskDefinition(doc, template, logicalId, resource));
  }
  return workloads;
}

function taskDefinition(
  doc: SourceDocument,
  template: Record<string, unknown>,
  logicalId: string,
  resource: Record<string, unknown>,
): Workload {
  const path = ['Resources', logicalId];
  const propertiesPath = [...path, 'Properties'];
  const properties = recordAt(doc, resource.Properties, propertiesPath) ?? {};
  const definitions = recordsAt(doc, properties.ContainerDefinitions, [
    ...propertiesPath,
    'ContainerDefinitions',
  ]);
  const startedFirst = containersRunToCompletion(definitions.map(({ entry }) => entry));
  const containers: Container[] = [];
  const secretRefs: SecretRef[] = [];
  for (const { entry, path: containerPath } of definitions) {
    const read = ecsContainer(doc, template, entry, containerPath, containerKind(entry, startedFirst));
    containers.push(read.container);
    secretRefs.push(...read.secretRefs);
  }
  return {
    kind: TASK_DEFINITION,
    name: literalText(templateString(properties.Family, template)) || logicalId,
    containers,
    // String metadata such as CDK's `aws:cdk:path`; tags play the part of labels.
    annotations: stringEntries(resource.Metadata),
    labels: tagLabels(properties.Tags),
    secretRefs,
    origin: new ResourceOrigin(doc, logicalId),
  };
}

/**
 * A resource's origin. Its position is found only when a finding or a target name asks for it:
 * locating walks the document, and a large app has hundreds of task definitions that never ask.
 */
class ResourceOrigin implements Origin {
  readonly format = 'cloudformation';
  readonly file: string;
  readonly locate: Locate;
  // The document's own position, not the document: its parsed value can be collected once read.
  readonly #documentStart: { line?: number; column?: number };
  #start: Location | undefined | null = null;

  constructor(
    doc: SourceDocument,
    readonly logicalId: string,
  ) {
    this.file = doc.file;
    this.locate = doc.locate;
    this.#documentStart = { line: doc.line, column: doc.column };
  }

  get line(): number | undefined {
    return this.start()?.line ?? this.#documentStart.line;
  }

  get column(): number | undefined {
    return this.start()?.column ?? this.#documentStart.column;
  }

  private start(): Location | undefined {
    if (this.#start === null) this.#start = this.locate(['Resources', this.logicalId]);
    return this.#start;
  }
}

/**
 * A non-essential container that others wait for with SUCCESS or COMPLETE plays the part of an init
 * container (the CUDA probe's shape); other non-essential containers are sidecars.
 */
function containerKind(definition: Record<string, unknown>, runToCompletion: Set<string>): Container['kind'] {
  if (definition.Essential !== false) return 'app';
  return typeof definition.Name === 'string' && runToCompletion.has(definition.Name) ? 'init' : 'sidecar';
}

function containersRunToCompletion(definitions: Record<string, unknown>[]): Set<string> {
  const names = new Set<string>();
  for (const definition of definitions) {
    const dependsOn = Array.isArray(definition.DependsOn) ? definition.DependsOn : [];
    for (const dependency of dependsOn) {
      if (!isRecord(dependency) || typeof dependency.ContainerName !== 'string') continue;
      if (dependency.Condition === 'SUCCESS' || dependency.Condition === 'COMPLETE') {
        names.add(dependency.ContainerName);
      }
    }
  }
  return names;
}

function stringEntries(value: unknown): Record<string, string> {
  const entries: Record<string, string> = {};
  if (!isRecord(value)) return entries;
  for (const key of Object.keys(value)) {
    const entry = value[key];
    if (typeof entry === 'string') entries[key] = entry;
  }
  return entries;
}

function tagLabels(value: unknown): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const tag of Array.isArray(value) ? value : []) {
    if (isRecord(tag) && typeof tag.Key === 'string' && typeof tag.Value === 'string')
      labels[tag.Key] = tag.Value;
  }
  return labels;
}
