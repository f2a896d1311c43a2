import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../../core/errors';
import type { Finding, RuleId } from '../../core/model/finding';
import type { Command } from '../command';
import { outputFormat, parseCommandLine } from '../command-line';
import { renderFindings } from '../render';
import { UsageError } from '../usage-error';
import { writeReport } from '../write-report';

/**
 * What `preflight preview` runs on, from the user's project: optional peer dependencies of this package,
 * so that `check`, `lint-prompts` and the CDK constructs install without them. tsx runs TypeScript programs.
 */
const PREVIEW_PEERS = ['@pulumi/pulumi', '@pulumi/policy', 'tsx'];

function requirePreviewPeers(): void {
  const missing = PREVIEW_PEERS.filter((name) => {
    try {
      require.resolve(`${name}/package.json`);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new InputError(
      `preview runs the Pulumi program with the project's own ${missing.join(', ')} (optional peer dependencies of preflight-guard, not installed): npm install --save-dev ${missing.join(' ')}`,
    );
  }
}

/** The pack this package ships: `policies/` beside `dist/`. */
function bundledPackDir(): string {
  return resolve(__dirname, '..', '..', '..', 'policies');
}

export const previewCommand: Command = {
  name: 'preview',
  summary: 'run a Pulumi program under an emulated engine and the policy pack, offline (no Pulumi CLI)',
  usage: `Usage: preflight preview <program-dir> [options]

Runs the Pulumi program in <program-dir> under mocks in preview mode (no Pulumi CLI, backend or cloud
credentials), launches the policy pack as the Pulumi CLI does and drives it over the Analyzer gRPC
protocol in the engine's order, then prints the violations as \`pulumi preview\` does. This emulates
the engine; with the Pulumi CLI, run \`pulumi preview --policy-pack <pack-dir>\` instead.

Options:
  -p, --policy-pack DIR          the policy pack folder (default: the preflight-guard pack)
      --policy-pack-config FILE  JSON: policy names (or "all") to a level or settings, as for pulumi
  -s, --stack NAME               the stack name (default: dev); Pulumi.<stack>.yaml config is read
  -f, --format FORMAT            text (default), json, sarif or github
  -o, --output FILE              write the report to FILE instead of standard output

Exit codes: 0 no mandatory violation, 1 mandatory violations, 2 usage, program, pack or config error.`,
  run: runPreviewCommand,
};

async function runPreviewCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (positionals.length !== 1) throw new UsageError('preview takes exactly one program folder');
  const format = outputFormat(values.format);
  const programDir = resolve(positionals[0]!);
  if (!existsSync(programDir)) throw new InputError('no such program folder', { file: programDir });
  const packDir = resolve(values['policy-pack'] ?? bundledPackDir());
  if (!existsSync(join(packDir, 'PulumiPolicy.yaml'))) {
    throw new InputError('not a policy pack: no PulumiPolicy.yaml', { file: packDir });
  }
  // The engine is loaded only here: `preflight check` never pays for the Pulumi SDK.
  requirePreviewPeers();
  const engine = require('../../policies/engine') as typeof import('../../policies/engine');
  const configFile = values['policy-pack-config'] && resolve(values['policy-pack-config']);
  const policyPackConfig = configFile ? engine.readPolicyPackConfig(configFile) : undefined;
  let result: Awaited<ReturnType<typeof engine.runPreview>>;
  try {
    result = await engine.runPreview({
      programDir,
      packDir,
      stack: values.stack,
      policyPackConfig,
      policyPackConfigFile: configFile,
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const file = relative(process.cwd(), programDir) || programDir;
    // The program's own one-line reason (a bad card, an invoke no mock answers) stays one line.
    if (error instanceof engine.ProgramError && !error.detail.includes('\n'))
      throw new InputError(`the Pulumi program failed: ${error.detail}`, { file });
    throw new InputError((error as Error).message, { file });
  }
  const report =
    format === 'text'
      ? engine.formatPreview(result, relative(process.cwd(), packDir) || packDir)
      : renderFindings(format, result.diagnostics.map(asFinding), [], {
          command: 'preview',
          cwd: process.cwd(),
          heading: '',
          stream: values.output ? undefined : process.stdout,
        });
  if (values.output) writeReport(values.output, report);
  else process.stdout.write(report);
  return result.failed ? 1 : 0;
}

/** A policy diagnostic in the shared Finding shape, for the json, sarif and github formats. */
function asFinding(diagnostic: {
  policyName: string;
  message: string;
  description: string;
  enforcementLevel: string;
  type: string;
  name: string;
  urn: string;
}): Finding {
  const message = diagnostic.message.startsWith(`${diagnostic.description}\n`)
    ? diagnostic.message.slice(diagnostic.description.length + 1)
    : diagnostic.message;
  return {
    // A pack other than ours may name its policies anything; the formats carry the name as given.
    rule: diagnostic.policyName as RuleId,
    severity: diagnostic.enforcementLevel === 'advisory' ? 'warning' : 'error',
    message,
    target: `${diagnostic.type}: ${diagnostic.name} (${diagnostic.urn})`,
  };
}

function parse(argv: string[]) {
  return parseCommandLine({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      'policy-pack': { type: 'string', short: 'p' },
      'policy-pack-config': { type: 'string' },
      stack: { type: 'string', short: 's' },
      format: { type: 'string', short: 'f' },
      output: { type: 'string', short: 'o' },
    },
  });
}
