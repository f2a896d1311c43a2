import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../core/errors';
import { type AnalyzerConnection, analyzerProto, connectAnalyzer, structProto } from './analyzer-client';
import { engineUrn } from './engine-urn';
import { applyKubernetesAutonaming } from './kubernetes-autonaming';
import { launchPack } from './launch-pack';
import { type EnforcementLevel, engineConfig, type PolicySummary } from './policy-pack-config';
import { readPulumiProject } from './pulumi-project';
import { emptyRecord, type ProgramCapture, type ResourceRecord } from './records';
import { analyzerProperties, timeoutSeconds } from './wire-values';

const LEVEL_NAMES: EnforcementLevel[] = ['advisory', 'mandatory', 'disabled', 'remediate'];
const SEVERITY_NAMES = ['', 'low', 'medium', 'high', 'critical'];

/** One policy diagnostic, attributed to a resource as the engine does. */
export interface PolicyDiagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  severity: string;
  /** The resource it is about. */
  urn: string;
  type: string;
  name: string;
}

export interface PreviewResult {
  capture: ProgramCapture;
  pack: { name: string; version: string };
  diagnostics: PolicyDiagnostic[];
  /** Resources sent to Analyze, the stack and providers included. */
  analyzed: number;
  /** True when a mandatory (or remediate, downgraded) violation would fail `pulumi preview`. */
  failed: boolean;
  timings: PreviewTimings;
}

/** Where a preview's time went, for the benchmark. */
export interface PreviewTimings {
  /** Spawn of the pack until it printed its port. */
  startupMs: number;
  /** Every Remediate and Analyze, then AnalyzeStack. */
  analyzeMs: number;
  /** The pack process's peak resident memory (Linux VmHWM), when readable. */
  packPeakRssMiB?: number;
}

export interface PreviewOptions {
  programDir: string;
  packDir: string;
  stack?: string;
  organization?: string;
  /** The parsed `--policy-pack-config` file, and its path for errors. */
  policyPackConfig?: Record<string, unknown>;
  policyPackConfigFile?: string;
}

/**
 * An offline `pulumi preview --policy-pack`: runs the program under mocks in preview mode, launches the
 * pack as the CLI does, and drives it over the Analyzer protocol in the engine's order.
 */
export async function runPreview(options: PreviewOptions): Promise<PreviewResult> {
  const capture = await captureProgram(
    options.programDir,
    options.stack ?? 'dev',
    options.organization ?? 'organization',
  );
  return analyzeCapture(capture, options);
}

/** Drives a pack over a captured program: the engine half of a preview. */
export async function analyzeCapture(
  capture: ProgramCapture,
  options: PreviewOptions,
): Promise<PreviewResult> {
  const started = performance.now();
  const pack = await launchPack(options.packDir, capture);
  const startupMs = performance.now() - started;
  const analyzer = connectAnalyzer(pack.port);
  try {
    const result = await drive(analyzer, capture, options);
    result.timings.startupMs = startupMs;
    result.timings.packPeakRssMiB = peakRssMiB(pack.process.pid);
    return result;
  } catch (error) {
    if (error instanceof InputError) throw error;
    const stderr = pack.stderr().trim();
    throw new Error(`${(error as Error).message}${stderr ? `\npolicy pack stderr:\n${stderr}` : ''}`);
  } finally {
    analyzer.close();
    await pack.stop();
  }
}

async function drive(
  analyzer: AnalyzerConnection,
  capture: ProgramCapture,
  options: PreviewOptions,
): Promise<PreviewResult> {
  const configureStack = new analyzerProto.AnalyzerStackConfigureRequest();
  configureStack.setStack(capture.stack);
  configureStack.setProject(capture.project);
  configureStack.setOrganization(capture.organization);
  configureStack.setDryRun(true);
  for (const [key, value] of Object.entries(capture.config)) configureStack.getConfigMap().set(key, value);
  await analyzer.call('configureStack', configureStack);
  await analyzer.call('getPluginInfo');
  const info = await analyzer.call('getAnalyzerInfo');
  const pack = { name: info.getName() as string, version: info.getVersion() as string };
  const policies: PolicySummary[] = info.getPoliciesList().map(policySummary);
  const initialConfig: Record<
    string,
    { enforcementLevel?: EnforcementLevel; properties?: Record<string, unknown> }
  > = {};
  info.getInitialconfigMap().forEach(
    (
      value: {
        getEnforcementlevel(): number;
        getProperties(): { toJavaScript(): Record<string, unknown> } | undefined;
      },
      key: string,
    ) => {
      initialConfig[key] = {
        enforcementLevel: LEVEL_NAMES[value.getEnforcementlevel()],
        properties: value.getProperties()?.toJavaScript(),
      };
    },
  );
  const config = engineConfig(
    pack.name,
    pack.version,
    policies,
    initialConfig,
    options.policyPackConfig ?? {},
    options.policyPackConfigFile,
  );
  const configure = new analyzerProto.ConfigureAnalyzerRequest();
  for (const [name, entry] of config) {
    const policyConfig = new analyzerProto.PolicyConfig();
    policyConfig.setEnforcementlevel(LEVEL_NAMES.indexOf(entry.enforcementLevel));
    policyConfig.setProperties(structProto.Struct.fromJavaScript(entry.properties));
    configure.getPolicyconfigMap().set(name, policyConfig);
  }
  await analyzer.call('configure', configure);

  const resources = withStackAndProviders(capture, options.programDir);
  for (const resource of resources) applyKubernetesAutonaming(resource);
  const analyzeStarted = performance.now();
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  const diagnostics: PolicyDiagnostic[] = [];
  for (const resource of resources) {
    const remediated = await analyzer.call('remediate', analyzeRequest(resource, byUrn, false));
    for (const remediation of remediated.getRemediationsList()) {
      const properties = remediation.getProperties()?.toJavaScript();
      if (properties) resource.inputs = properties;
    }
    const response = await analyzer.call('analyze', analyzeRequest(resource, byUrn, true));
    diagnostics.push(
      ...response.getDiagnosticsList().map((d: DiagnosticMessage) => diagnostic(d, resource, byUrn)),
    );
  }
  const stackRequest = new analyzerProto.AnalyzeStackRequest();
  stackRequest.setResourcesList(resources.map((resource) => analyzerResource(resource, byUrn)));
  const stackResponse = await analyzer.call('analyzeStack', stackRequest);
  const root = resources[0]!;
  diagnostics.push(
    ...stackResponse.getDiagnosticsList().map((d: DiagnosticMessage) => diagnostic(d, root, byUrn)),
  );
  return {
    capture,
    pack,
    diagnostics,
    analyzed: resources.length,
    failed: diagnostics.some((d) => d.enforcementLevel === 'mandatory' || d.enforcementLevel === 'remediate'),
    timings: { startupMs: 0, analyzeMs: performance.now() - analyzeStarted },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: generated protobuf message.
function policySummary(policy: any): PolicySummary {
  const schema = policy.getConfigschema();
  return {
    name: policy.getName(),
    enforcementLevel: LEVEL_NAMES[policy.getEnforcementlevel()]!,
    schema: schema && {
      properties: schema.getProperties()?.toJavaScript() ?? {},
      required: schema.getRequiredList(),
    },
  };
}

/**
 * The root stack first, then every resource in registration order, each custom resource's default
 * provider just before its first user: the order a preview registers, and so analyzes, them.
 */
function withStackAndProviders(capture: ProgramCapture, programDir: string): ResourceRecord[] {
  const stackUrn = engineUrn(
    capture.stack,
    capture.project,
    '',
    'pulumi:pulumi:Stack',
    `${capture.project}-${capture.stack}`,
  );
  const blank = (type: string, name: string, urn: string, parent: string) =>
    emptyRecord(type, name, urn, parent, type.startsWith('pulumi:providers:'));
  const ordered: ResourceRecord[] = [
    blank('pulumi:pulumi:Stack', `${capture.project}-${capture.stack}`, stackUrn, ''),
  ];
  const defaults = new Map<string, ResourceRecord>();
  for (const resource of capture.resources) {
    const pkg = resource.type.split(':')[0]!;
    if (resource.custom && !resource.provider && pkg !== 'pulumi') {
      let provider = defaults.get(pkg);
      if (!provider) {
        const version = packageVersion(pkg, programDir);
        const name = `default${version ? `_${version.replace(/[.-]/g, '_')}` : ''}`;
        provider = blank(
          `pulumi:providers:${pkg}`,
          name,
          engineUrn(capture.stack, capture.project, '', `pulumi:providers:${pkg}`, name),
          stackUrn,
        );
        provider.inputs = { ...providerConfig(pkg, capture.config), ...(version ? { version } : {}) };
        provider.outputs = provider.inputs;
        provider.id = `${name}-id`;
        defaults.set(pkg, provider);
        ordered.push(provider);
      }
      resource.provider = `${provider.urn}::${provider.id}`;
    }
    ordered.push(resource);
  }
  return ordered;
}

function packageVersion(pkg: string, programDir: string): string | undefined {
  try {
    const file = require.resolve(`@pulumi/${pkg}/package.json`, { paths: [programDir] });
    return existsSync(file) ? (require(file) as { version?: string }).version : undefined;
  } catch {
    return undefined;
  }
}

/** A default provider's inputs are the stack config in its namespace (`kubernetes:context` → `context`). */
function providerConfig(pkg: string, config: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(config)
      .filter(([key]) => key.startsWith(`${pkg}:`))
      .map(([key, value]) => [key.slice(pkg.length + 1), value]),
  );
}

function options(resource: ResourceRecord) {
  const opts = new analyzerProto.AnalyzerResourceOptions();
  opts.setProtect(resource.options.protect);
  opts.setIgnorechangesList(resource.options.ignoreChanges);
  opts.setDeletebeforereplace(resource.options.deleteBeforeReplace);
  opts.setDeletebeforereplacedefined(resource.options.deleteBeforeReplaceDefined);
  opts.setAdditionalsecretoutputsList(resource.options.additionalSecretOutputs);
  opts.setAliasesList([]);
  const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
  timeouts.setCreate(timeoutSeconds(resource.options.customTimeouts.create));
  timeouts.setUpdate(timeoutSeconds(resource.options.customTimeouts.update));
  timeouts.setDelete(timeoutSeconds(resource.options.customTimeouts.delete));
  opts.setCustomtimeouts(timeouts);
  if (resource.parent) opts.setParent(resource.parent);
  return opts;
}

function providerResource(resource: ResourceRecord, byUrn: Map<string, ResourceRecord>) {
  if (!resource.provider) return undefined;
  const urn = resource.provider.split('::').slice(0, -1).join('::');
  const provider = byUrn.get(urn);
  if (!provider) return undefined;
  const message = new analyzerProto.AnalyzerProviderResource();
  message.setUrn(provider.urn);
  message.setType(provider.type);
  message.setName(provider.name);
  message.setProperties(structProto.Struct.fromJavaScript(analyzerProperties(provider.inputs, true)));
  return message;
}

function analyzeRequest(resource: ResourceRecord, byUrn: Map<string, ResourceRecord>, forAnalyze: boolean) {
  const request = new analyzerProto.AnalyzeRequest();
  request.setType(resource.type);
  request.setUrn(resource.urn);
  request.setName(resource.name);
  request.setProperties(structProto.Struct.fromJavaScript(analyzerProperties(resource.inputs, forAnalyze)));
  request.setOptions(options(resource));
  const provider = providerResource(resource, byUrn);
  if (provider) request.setProvider(provider);
  return request;
}

function analyzerResource(resource: ResourceRecord, byUrn: Map<string, ResourceRecord>) {
  const message = new analyzerProto.AnalyzerResource();
  message.setType(resource.type);
  message.setUrn(resource.urn);
  message.setName(resource.name);
  message.setProperties(structProto.Struct.fromJavaScript(analyzerProperties(resource.outputs, true)));
  message.setOptions(options(resource));
  const provider = providerResource(resource, byUrn);
  if (provider) message.setProvider(provider);
  if (resource.parent) message.setParent(resource.parent);
  message.setDependenciesList(resource.dependencies);
  for (const [key, urns] of Object.entries(resource.propertyDependencies)) {
    if (urns.length === 0) continue;
    const dependencies = new analyzerProto.AnalyzerPropertyDependencies();
    dependencies.setUrnsList(urns);
    message.getPropertydependenciesMap().set(key, dependencies);
  }
  return message;
}

function peakRssMiB(pid: number | undefined): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
    return kib ? Number(kib) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The getters of a generated `AnalyzeDiagnostic` this reads. */
interface DiagnosticMessage {
  getUrn(): string;
  getPolicyname(): string;
  getPolicypackname(): string;
  getPolicypackversion(): string;
  getDescription(): string;
  getMessage(): string;
  getEnforcementlevel(): number;
  getSeverity(): number;
}

function diagnostic(
  message: DiagnosticMessage,
  analyzed: ResourceRecord,
  byUrn: Map<string, ResourceRecord>,
): PolicyDiagnostic {
  // Resource-policy diagnostics carry no URN: the engine attributes them to the analyzed resource.
  const urn: string = message.getUrn() || analyzed.urn;
  const resource = byUrn.get(urn) ?? analyzed;
  return {
    policyName: message.getPolicyname(),
    policyPackName: message.getPolicypackname(),
    policyPackVersion: message.getPolicypackversion(),
    description: message.getDescription(),
    message: message.getMessage(),
    enforcementLevel: LEVEL_NAMES[message.getEnforcementlevel()]!,
    severity: SEVERITY_NAMES[message.getSeverity()] ?? '',
    urn,
    type: resource.type,
    name: resource.name,
  };
}

/**
 * Runs the program under mocks in a child process (the Pulumi runtime is global state: one program per
 * process), loaded as the Node.js language host loads it (language-host.ts).
 */
export async function captureProgram(
  programDir: string,
  stack: string,
  organization: string,
): Promise<ProgramCapture> {
  const script = join(
    __dirname,
    existsSync(join(__dirname, 'capture-program.js')) ? 'capture-program.js' : 'capture-program.ts',
  );
  readPulumiProject(programDir);
  const outDir = mkdtempSync(join(tmpdir(), 'preflight-preview-'));
  const outFile = join(outDir, 'capture.json');
  // From source (tests), the capture script itself needs a TypeScript loader; the program never goes
  // through it (language-host.ts).
  const loader = script.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
  const args = [...loader, script, programDir, outFile, stack, organization];
  return new Promise<ProgramCapture>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: programDir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new ProgramError(programDir, stderr.trim() || `exit code ${code}`));
      resolve(JSON.parse(readFileSync(outFile, 'utf8')) as ProgramCapture);
    });
  }).finally(() => rmSync(outDir, { recursive: true, force: true }));
}

/** The Pulumi program itself failed (a bad card, a thrown error): the preview cannot run. */
export class ProgramError extends Error {
  override readonly name = 'ProgramError';
  constructor(
    readonly programDir: string,
    readonly detail: string,
  ) {
    super(`the Pulumi program in ${programDir} failed:\n${detail}`);
  }
}
