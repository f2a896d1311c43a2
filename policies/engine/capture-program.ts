// Child-process entry: runs one Pulumi program under `runtime.setMocks` in preview mode and writes
// what it registered, as the engine would see it, to stdout as JSON. One program per process: the
// Pulumi runtime is global state.
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readSourceFile } from '../../core/loaders/source-file';
import { engineUrn } from './engine-urn';
import { loadProgram } from './language-host';
import { readPulumiProject } from './pulumi-project';
import type { ProgramCapture, ResourceRecord } from './records';

interface Struct {
  toJavaScript(): Record<string, unknown>;
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): Struct | undefined;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getCustomtimeouts(): { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
}

interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): Struct | undefined;
}

type Callback<T> = (error: Error | null, response?: T) => void;

interface MonitorLike {
  registerResource(request: RegisterRequest, callback: Callback<RegisterResponse>): void;
  registerResourceOutputs(
    request: { getUrn(): string; getOutputs(): Struct | undefined },
    callback: Callback<unknown>,
  ): void;
}

/**
 * What the mocks are asked and cannot answer: an invoke is a provider function (a data source, Helm's
 * template, a cloud lookup), and no provider runs here. Answering with made-up data would let the program
 * go on with values nobody read, so the first such invoke ends the run, named.
 */
class UnansweredInvoke extends Error {
  override readonly name = 'UnansweredInvoke';
  constructor(readonly token: string) {
    super(
      `the program calls the provider function ${token}, which the emulated engine cannot answer offline`,
    );
  }
}

let unanswered: UnansweredInvoke | undefined;

async function capture(programDir: string, stack: string, organization: string): Promise<ProgramCapture> {
  const projectFile = readPulumiProject(programDir);
  const project = projectFile.name;
  const fromProgram = (id: string) => require(require.resolve(id, { paths: [programDir] }));
  // The program's own copy of the SDK: mocks set on another copy would not be seen by it.
  const pulumi = fromProgram('@pulumi/pulumi');
  const settings = fromProgram('@pulumi/pulumi/runtime/settings');
  const config = stackConfig(programDir, stack);
  process.env.PULUMI_CONFIG = JSON.stringify(config);
  await pulumi.runtime.setMocks(
    {
      // Preview: a new resource's outputs are its inputs; whatever the program left out is unknown.
      newResource: (args: { inputs: Record<string, unknown> }) => ({ id: undefined, state: args.inputs }),
      call: (args: { token: string }) => {
        unanswered ??= new UnansweredInvoke(args.token);
        throw unanswered;
      },
    },
    project,
    stack,
    true,
    organization,
  );
  const monitor = settings.getMonitor() as MonitorLike;
  const records: (ResourceRecord & { mockUrn: string; mockParent: string })[] = [];
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) =>
    register(request, (error, response) => {
      if (!error && response) records.push(record(request, response, stack, project));
      callback(error, response);
    });
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (request, callback) =>
    registerOutputs(request, (error, response) => {
      const target = records.find((entry) => entry.mockUrn === request.getUrn());
      if (!error && target) target.outputs = request.getOutputs()?.toJavaScript() ?? {};
      callback(error, response);
    });

  process.chdir(programDir);
  // As the nodejs language host does: the program runs inside the root Stack resource, which stack
  // transformations (registerStackTransformation) need. run-preview adds its own Stack record.
  await pulumi.runtime.runInPulumiStack(() => loadProgram(programDir, projectFile));
  // Resources created inside an apply register after the first wait returns: wait until none do.
  for (let seen = -1; seen !== records.length; ) {
    seen = records.length;
    await settings.waitForRPCs();
  }
  // Even when the program goes on (an invoke inside an apply rejects only that Output), what depends on
  // the answer was never registered: checking the rest would pass what nobody saw.
  if (unanswered) throw unanswered;
  const stackRecord = records.findIndex((entry) => entry.type === 'pulumi:pulumi:Stack');
  if (stackRecord >= 0) records.splice(stackRecord, 1);

  // Parent chains decide URNs, so resolve them in registration order (parents register first).
  const byMockUrn = new Map<string, ResourceRecord & { mockUrn: string; mockParent: string }>();
  const stackUrn = engineUrn(stack, project, '', 'pulumi:pulumi:Stack', `${project}-${stack}`);
  for (const entry of records) {
    const parent = byMockUrn.get(entry.mockParent);
    entry.parent = parent ? parent.urn : stackUrn;
    entry.urn = engineUrn(stack, project, parent ? qualifiedType(parent.urn) : '', entry.type, entry.name);
    byMockUrn.set(entry.mockUrn, entry);
  }
  const rename = (urn: string) => byMockUrn.get(urn)?.urn ?? urn;
  const resources = records.map(({ mockUrn: _mock, mockParent: _parent, ...entry }) => ({
    ...entry,
    provider:
      entry.provider &&
      `${rename(entry.provider.split('::').slice(0, -1).join('::'))}::${entry.provider.split('::').pop()}`,
    dependencies: entry.dependencies.map(rename),
    propertyDependencies: Object.fromEntries(
      Object.entries(entry.propertyDependencies).map(([key, urns]) => [key, urns.map(rename)]),
    ),
  }));
  return { project, stack, organization, resources, config };
}

function record(
  request: RegisterRequest,
  response: RegisterResponse,
  stack: string,
  project: string,
): ResourceRecord & { mockUrn: string; mockParent: string } {
  const propertyDependencies: Record<string, string[]> = {};
  request.getPropertydependenciesMap().forEach((value, key) => {
    propertyDependencies[key] = value.getUrnsList();
  });
  const timeouts = request.getCustomtimeouts();
  return {
    type: request.getType(),
    name: request.getName(),
    custom: request.getCustom(),
    mockUrn: response.getUrn(),
    mockParent: request.getParent(),
    urn: engineUrn(stack, project, '', request.getType(), request.getName()),
    parent: '',
    provider: request.getProvider(),
    dependencies: request.getDependenciesList(),
    propertyDependencies,
    inputs: request.getObject()?.toJavaScript() ?? {},
    outputs: response.getObject()?.toJavaScript() ?? {},
    id: response.getId(),
    options: {
      protect: request.getProtect() ?? false,
      ignoreChanges: request.getIgnorechangesList(),
      additionalSecretOutputs: request.getAdditionalsecretoutputsList(),
      deleteBeforeReplace: request.getDeletebeforereplace(),
      deleteBeforeReplaceDefined: request.getDeletebeforereplacedefined(),
      customTimeouts: {
        create: timeouts?.getCreate() ?? '',
        update: timeouts?.getUpdate() ?? '',
        delete: timeouts?.getDelete() ?? '',
      },
    },
  };
}

/** `a$b$c` of `urn:pulumi:stack::project::a$b$c::name`. */
function qualifiedType(urn: string): string {
  return urn.split('::')[2] ?? '';
}

/** Pulumi.<stack>.yaml `config:` as the flat `<ns>:<key>` → string map the CLI passes in PULUMI_CONFIG. */
function stackConfig(programDir: string, stack: string): Record<string, string> {
  const file = join(programDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) return {};
  const { parse } = require('yaml') as typeof import('yaml');
  const doc = parse(readSourceFile(file)) as { config?: Record<string, unknown> } | null;
  return Object.fromEntries(
    Object.entries(doc?.config ?? {}).map(([key, value]) => [
      key,
      typeof value === 'string' ? value : JSON.stringify(value),
    ]),
  );
}

const [programDir, outFile, stack = 'dev', organization = 'organization'] = process.argv.slice(2);
if (!programDir || !outFile) {
  process.stderr.write('usage: capture-program <program-dir> <out-file> [stack] [organization]\n');
  process.exit(2);
}
/**
 * Bad input (a card, a manifest) and an invoke the mocks cannot answer are one line each; anything else
 * is the program's own failure, in full. Errors outside the awaited chain (an invoke's Output, a
 * rejected promise nobody awaits) end the run the same way, as the language host's handlers do.
 */
function fail(error: Error & { describe?: () => string }): never {
  let text = error.stack ?? String(error);
  if (unanswered) {
    text = `${unanswered.message}; run \`pulumi preview --policy-pack\` with the Pulumi CLI for this program, or check what the function produces (for Helm, \`helm template\`) with \`preflight check\``;
  } else if (error.name === 'InputError' && error.describe) text = error.describe();
  process.stderr.write(`${text}\n`);
  process.exit(1);
}
process.on('uncaughtException', fail);
process.on('unhandledRejection', (reason) =>
  fail(reason instanceof Error ? reason : new Error(String(reason))),
);

// The result goes to a file: the program may print to stdout.
capture(resolve(programDir), stack, organization).then((result) => {
  writeFileSync(outFile, JSON.stringify(result));
  process.exit(0);
}, fail);
