import { relative, resolve } from 'node:path';
import { applyAcknowledgements } from '../../core/check/cdk-acknowledgements';
import { runCheck as checkWorkloads } from '../../core/check/run-check';
import { InputError } from '../../core/errors';
import { isCalendarDate } from '../../core/loaders/calendar-date';
import { discoverConfig } from '../../core/loaders/config';
import { findModelCards } from '../../core/loaders/find-model-cards';
import { loadModelCard } from '../../core/loaders/model-card';
import { distinctCards } from '../../core/loaders/template-model-cards';
import type { RegistrySettings } from '../../core/model/config';
import { cardName } from '../../core/model/model-card';
import { type Workload, workloadObjectCount } from '../../core/model/workload';
import type * as ImagesToResolve from '../../core/registry/images-to-resolve';
import type * as ResolveImages from '../../core/registry/resolve-images';
import type { ImageResolutions } from '../../core/registry/resolve-images';
import { stackRecords } from '../../core/workloads/cloud-assembly';
import { loadWorkloads } from '../../core/workloads/load-inputs';
import { workloadKinds } from '../../core/workloads/workload-kinds';
import type { Command } from '../command';
import { outputFormat, parseReportCommand } from '../command-line';
import { type OutputFormat, renderFindings } from '../render';
import { UsageError } from '../usage-error';
import { writeReport } from '../write-report';

export const checkCommand: Command = {
  name: 'check',
  summary: 'diff model cards against Kubernetes manifests and CloudFormation templates',
  usage: `Usage: preflight check [PATH...] [options]

Diffs model cards against Kubernetes manifests and CloudFormation templates (a cdk.out folder means
every template in it). PATH defaults to the current folder; - reads standard input
(helm template … | preflight check -). A file that cannot be read is reported and every other file
is still checked; the exit code is then 2.

Options:
  -c, --config FILE       preflight.yaml (default: ./preflight.yaml when it exists)
  -m, --model-card FILE   a model-card.json; repeatable (default: cards in config, else model-card.json
                          files found under the PATHs)
  -f, --format FORMAT     text (default), json, sarif or github
  -o, --output FILE       write the report to FILE (atomically) instead of standard output
      --today YYYY-MM-DD  the date overrides expire against (default: today)
      --registry          look images up in their registries (also: registry.enabled in the config)
      --offline           registry lookups from the cache only; implies --registry
      --registry-cache DIR  the registry cache folder (default: $XDG_CACHE_HOME/preflight-guard/registry)`,
  run: runCheck,
};

/** `preflight check [PATH...]`: returns the exit code. */
async function runCheck(argv: string[]): Promise<number> {
  const options = parseCheckArgs(argv);
  const cwd = process.cwd();
  const { file: configFile, config } = discoverConfig(options.config);
  const paths = options.paths.length ? options.paths : ['.'];
  const { workloads, secretProviders, recordedCards, files, errors } = loadWorkloads(
    paths.map((path) => (path === '-' ? path : resolve(path))),
    { kinds: workloadKinds(config.workloads.kinds) },
  );
  const onDisk = paths.filter((path) => path !== '-');
  // Cards a CDK app recorded in its templates are declared; a search for card files is for when none are.
  const cardFiles = options.modelCards.length
    ? options.modelCards
    : config.model_cards.length
      ? config.model_cards
      : recordedCards.length
        ? []
        : findModelCards(onDisk);
  const cards = distinctCards([
    ...cardFiles.map((file) => loadModelCard(resolve(file))),
    ...recordedCards.map((recorded) => recorded.card),
  ]);
  // A run that checks nothing must not pass as clean: a mistyped path or an unrendered chart would.
  // With files unread, those may have held the workloads: their errors are the report.
  if (workloads.length === 0 && errors.length === 0) {
    throw new InputError(
      `no workloads found under ${paths.join(', ')} (${plural(files.length, 'manifest or template file')} read): nothing was checked; give the folders that hold the Kubernetes manifests or CloudFormation templates (render Helm charts with helm template first: templates/ folders are skipped)`,
    );
  }
  const registry = registrySettings(config.registry, options);
  const resolutions = registry.enabled ? await resolveRegistryImages(workloads, registry) : undefined;
  if (resolutions?.cacheUnusable) {
    process.stderr.write(
      `preflight: warning: ${resolutions.cacheUnusable.describe(cwd)}; looking images up without it
`,
    );
  }
  const images = resolutions?.lookups;
  const result = checkWorkloads({ workloads, cards, secretProviders, images, errors }, config, options.today);
  // `cdk synth` honours the app's acknowledgements of plugin findings; so does a check of its output.
  const findings = applyAcknowledgements(result.findings, workloads, stackRecords(files));

  const heading = [
    'preflight check',
    `${plural(workloadObjectCount(workloads), 'workload')} in ${plural(files.length, 'file')}`,
    cards.length
      ? `model card${cards.length === 1 ? '' : 's'} ${cards.map(cardName).join(', ')}`
      : 'no model card',
    configFile ? `config ${relative(cwd, configFile)}` : 'no config',
    ...(resolutions ? [registryLine(resolutions, registry)] : []),
  ].join(' · ');
  const report = renderFindings(options.format, findings, result.passed, {
    command: 'check',
    cwd,
    heading,
    anchorFile: configFile && relative(cwd, configFile),
    stream: options.output ? undefined : process.stdout,
    inputErrors: errors,
    counts: {
      files: files.length,
      workloads: workloads.length,
      containers: workloads.reduce((sum, workload) => sum + workload.containers.length, 0),
      passed: result.passed.length,
      input_errors: errors.length,
    },
  });
  if (options.output) writeReport(options.output, report);
  else process.stdout.write(report);
  // A text report on standard output lists them already; elsewhere the log gets them too.
  if (options.output || options.format !== 'text') {
    for (const error of errors) process.stderr.write(`preflight: error: ${error.describe(cwd)}\n`);
  }
  if (errors.length > 0) return 2;
  return findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

/**
 * Looks the workloads' images up in their registries. The registry client (node:https, TLS) is loaded
 * only here: a check without --registry never pays for it at start-up.
 */
function resolveRegistryImages(
  workloads: readonly Workload[],
  registry: RegistrySettings,
): Promise<ImageResolutions> {
  const { imagesToResolve } = require('../../core/registry/images-to-resolve') as typeof ImagesToResolve;
  const { resolveImages } = require('../../core/registry/resolve-images') as typeof ResolveImages;
  return resolveImages(imagesToResolve(workloads), registry);
}

/** The config's registry settings, with what the command line asks for on top. */
function registrySettings(settings: RegistrySettings, options: CheckOptions): RegistrySettings {
  return {
    ...settings,
    enabled: settings.enabled || options.registry || options.offline,
    offline: settings.offline || options.offline,
    ...(options.registryCache === undefined ? {} : { cache_dir: resolve(options.registryCache) }),
  };
}

function registryLine({ lookups }: ImageResolutions, settings: RegistrySettings): string {
  const all = [...lookups.values()];
  const resolved = all.filter((lookup) => lookup.status === 'resolved');
  const cached = resolved.filter((lookup) => lookup.fromCache).length;
  const mode = settings.offline ? ', offline' : '';
  return `registry: ${resolved.length}/${all.length} image${all.length === 1 ? '' : 's'} resolved (${cached} from cache${mode})`;
}

interface CheckOptions {
  registry: boolean;
  offline: boolean;
  registryCache?: string;
  paths: string[];
  config?: string;
  modelCards: string[];
  format: OutputFormat;
  output?: string;
  today?: string;
}

function parseCheckArgs(argv: string[]): CheckOptions {
  const { values, positionals } = parse(argv);
  const format = outputFormat(values.format);
  if (values.today !== undefined && !isCalendarDate(values.today)) {
    throw new UsageError(`--today expects a date as YYYY-MM-DD, got "${values.today}"`);
  }
  return {
    paths: positionals,
    config: values.config,
    modelCards: values['model-card'] ?? [],
    format,
    output: values.output,
    today: values.today,
    registry: values.registry ?? false,
    offline: values.offline ?? false,
    registryCache: values['registry-cache'],
  };
}

function parse(argv: string[]) {
  return parseReportCommand(argv, {
    'model-card': { type: 'string', multiple: true, short: 'm' },
    today: { type: 'string' },
    registry: { type: 'boolean' },
    offline: { type: 'boolean' },
    'registry-cache': { type: 'string' },
  });
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
