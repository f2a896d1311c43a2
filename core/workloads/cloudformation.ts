import { append } from '../append';
import type { SourceDocument } from '../loaders/documents';
import type { Locate, Location } from '../model/location';
import type { Container, Origin, SecretRef, Workload } from '../model/workload';
import { type ConditionChoice, conditionVariants, writtenPath } from './cfn-conditions';
import { ecsContainer } from './ecs-container';
import { isRecord, recordAt, recordsAt, shapeError } from './fields';
import { literalText, templateString } from './template-string';

const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';

type Path = (string | number)[];

/**
 * The ECS task definitions of a CloudFormation template (hand-written or `cdk synth` output). Paths are from
 * the template root, so `origin.locate` is the document's own. A task definition whose properties hold
 * `Fn::If` is one workload per combination of its conditions (each a task definition that can be
 * deployed), its origin saying which (`when condition UseGPU`), so that every branch is checked.
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
    const propertiesPath = ['Resources', logicalId, 'Properties'];
    const written = recordAt(doc, resource.Properties, propertiesPath) ?? {};
    const variants = conditionVariants(written);
    if (!variants)
      throw shapeError(doc, propertiesPath, 'more than 4 conditions (Fn::If) in one task definition');
    for (const { value, choice, label } of variants) {
      const reading = { properties: isRecord(value) ? value : {}, written, choice, label };
      workloads.push(taskDefinition(doc, template, logicalId, resource, reading));
    }
  }
  return workloads;
}

/** One reading of a task definition's properties, with no `Fn::If` left, and what it was read from. */
interface Reading {
  properties: Record<string, unknown>;
  written: Record<string, unknown>;
  choice: ConditionChoice;
  label: string;
}

function taskDefinition(
  doc: SourceDocument,
  template: Record<string, unknown>,
  logicalId: string,
  resource: Record<string, unknown>,
  { properties, written, choice, label }: Reading,
): Workload {
  const path = ['Resources', logicalId];
  const propertiesPath = [...path, 'Properties'];
  // Paths below are into the reading; positions need them in the template as written.
  const writtenAt = (readingPath: Path): Path => [
    ...propertiesPath,
    ...writtenPath(written, readingPath.slice(propertiesPath.length), choice),
  ];
  const definitions = recordsAt(doc, properties.ContainerDefinitions, [
    ...propertiesPath,
    'ContainerDefinitions',
  ]);
  const startedFirst = containersRunToCompletion(definitions.map(({ entry }) => entry));
  const containers: Container[] = [];
  const secretRefs: SecretRef[] = [];
  for (const { entry, path: containerPath } of definitions) {
    const read = ecsContainer(doc, template, entry, containerPath, containerKind(entry, startedFirst));
    // A reading with AWS::NoValue dropped or a branch chosen is a copy: its paths need translating.
    if (properties !== written) {
      read.container.path = writtenAt(containerPath);
      for (const env of read.container.env) if (env.path) env.path = writtenAt(env.path);
      for (const ref of read.secretRefs) if (ref.path) ref.path = writtenAt(ref.path);
    }
    containers.push(read.container);
    append(secretRefs, read.secretRefs);
  }
  return {
    kind: TASK_DEFINITION,
    name: literalText(templateString(properties.Family, template)) || logicalId,
    containers,
    // String metadata such as CDK's `aws:cdk:path`; tags play the part of labels.
    annotations: stringEntries(resource.Metadata),
    labels: tagLabels(properties.Tags),
    secretRefs,
    origin: new ResourceOrigin(doc, logicalId, label),
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

  readonly when?: string;

  constructor(
    doc: SourceDocument,
    readonly logicalId: string,
    when: string,
  ) {
    if (when) this.when = when;
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
