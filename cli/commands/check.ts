import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runCheck as checkWorkloads } from '../../core/check/run-check';
import { isCalendarDate } from '../../core/loaders/calendar-date';
import { findModelCards } from '../../core/loaders/find-model-cards';
import { loadModelCard } from '../../core/loaders/model-card';
import { cardName } from '../../core/model/model-card';
import { loadWorkloads } from '../../core/workloads/load-inputs';
import type { Command } from '../command';
import { commandConfig, outputFormat, parseCommandLine } from '../command-line';
import { type OutputFormat, renderFindings } from '../render';
import { UsageError } from '../usage-error';
import { writeReportAtomically } from '../write-report';

export const checkCommand: Command = {
  name: 'check',
  summary: 'diff model cards against Kubernetes manifests and CloudFormation templates',
  usage: `Usage: preflight check [PATH...] [options]

Diffs model cards against Kubernetes manifests and CloudFormation templates (a cdk.out folder means
every template in it). PATH defaults to the current folder.

Options:
  -c, --config FILE       preflight.yaml (default: ./preflight.yaml when it exists)
  -m, --model-card FILE   a model-card.json; repeatable (default: cards in config, else model-card.json
                          files found under the PATHs)
  -f, --format FORMAT     text (default), json, sarif or github
  -o, --output FILE       write the report to FILE (atomically) instead of standard output
      --today YYYY-MM-DD  the date overrides expire against (default: today)`,
  run: runCheck,
};

/** `preflight check [PATH...]`: returns the exit code. */
function runCheck(argv: string[]): number {
  const options = parseCheckArgs(argv);
  const cwd = process.cwd();
  const { file: configFile, config } = commandConfig(options.config);
  const paths = options.paths.length ? options.paths : ['.'];
  const cardFiles = options.modelCards.length
    ? options.modelCards
    : config.model_cards.length
      ? config.model_cards
      : findModelCards(paths);
  const cards = cardFiles.map((file) => loadModelCard(resolve(file)));
  const { workloads, secretProviders, files } = loadWorkloads(paths.map((path) => resolve(path)));
  const result = checkWorkloads({ workloads, cards, secretProviders }, config, options.today);

  const heading = [
    'preflight check',
    `${plural(workloads.length, 'workload')} in ${plural(files.length, 'file')}`,
    cards.length
      ? `model card${cards.length === 1 ? '' : 's'} ${cards.map(cardName).join(', ')}`
      : 'no model card',
    configFile ? `config ${relative(cwd, configFile)}` : 'no config',
  ].join(' · ');
  const report = renderFindings(options.format, result.findings, result.passed, {
    command: 'check',
    cwd,
    heading,
    anchorFile: configFile && relative(cwd, configFile),
    stream: options.output ? undefined : process.stdout,
  });
  if (options.output) writeReportAtomically(options.output, report);
  else process.stdout.write(report);
  return result.findings.some((finding) => finding.severity === 'error') ? 1 : 0;
}

interface CheckOptions {
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
  };
}

function parse(argv: string[]) {
  return parseCommandLine(() =>
    parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        'model-card': { type: 'string', multiple: true, short: 'm' },
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        today: { type: 'string' },
      },
    }),
  );
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
