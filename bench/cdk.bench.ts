import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { App, type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type * as Validation from '../constructs/validation';
import { MODEL_CARD_ANNOTATION } from '../core/check/bindings';
import { MODEL_CARDS_METADATA } from '../core/model/template-metadata';

/**
 * The built plugin, which apps run (`npm run bench` builds first); under tsx the sources pay for its
 * CommonJS wrappers (`__name` on every closure made).
 */
const { PreflightGuardValidation } = require(
  join(__dirname, '..', 'dist', 'constructs', 'validation'),
) as typeof Validation;

const STACKS = 40;
/** Per stack: 10 task definitions, 10 secrets, 20 buckets, 20 queues, 20 topics = 80 L1 resources. */
const PER_KIND = { tasks: 10, secrets: 10, buckets: 20, queues: 20, topics: 20 };
const ROUNDS = 15;
const TARGET_RATIO = 1.15;

const CARD = {
  model: { id: 'acme/llm', revision: '0e9e39f249a16976918f6564b8830bc894c89659' },
  runtime: { cuda: '12.1', pytorch: '2.3.0' },
  image: { repository: 'ghcr.io/acme/llm-server', tag: '2.3.0-cuda12.1' },
  env: { required: ['HF_TOKEN'] },
};

/** preflight-guard's validate() alone, per timed synth. */
const validateTimes: number[] = [];

type Variant = 'no plugin' | 'no-op plugin' | 'preflight-guard' | 'cdk-nag v3';

/**
 * Issue 5: synth of a 40-stack / 3,200-resource app with no plugin, with ours, and with cdk-nag v3's
 * AwsSolutionsChecks as a validation plugin; built-in CloudFormation validation off for all three.
 * Rounds are interleaved, each starting with the next variant; each builds a fresh app (untimed) and
 * times `app.synth()` alone. The ratio is of the medians.
 */
export async function benchCdk(): Promise<void> {
  const variants: Variant[] = ['no plugin', 'no-op plugin', 'preflight-guard', 'cdk-nag v3'];
  const times: Record<Variant, number[]> = {
    'no plugin': [],
    'no-op plugin': [],
    'preflight-guard': [],
    'cdk-nag v3': [],
  };
  const violations: Record<Variant, number> = {
    'no plugin': 0,
    'no-op plugin': 0,
    'preflight-guard': 0,
    'cdk-nag v3': 0,
  };
  for (let round = -1; round < ROUNDS; round++) {
    // Each round starts with the next variant, so none always runs after the same neighbour.
    const start = (round + 1) % variants.length;
    for (const variant of [...variants.slice(start), ...variants.slice(0, start)]) {
      const outdir = mkdtempSync(join(tmpdir(), 'preflight-bench-cdk-'));
      try {
        const app = benchApp(outdir, variant);
        collectGarbage();
        const start = process.hrtime.bigint();
        const assembly = app.synth();
        const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
        if (round >= 0) times[variant].push(elapsed);
        violations[variant] = countViolations(assembly.directory, variant);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    }
  }
  const median = (variant: Variant) => {
    const sorted = [...times[variant]].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const base = median('no plugin');
  const ours = median('preflight-guard');
  const nag = median('cdk-nag v3');
  const framework = median('no-op plugin');
  const validate = [...validateTimes.slice(-ROUNDS)].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)]!;
  const ratio = ours / base;
  // Per-round ratios show how far one synth's noise (mostly garbage collection) moves a single pair.
  const paired = times['preflight-guard']
    .map((time, round) => time / times['no plugin'][round]!)
    .sort((a, b) => a - b);
  const resources = STACKS * Object.values(PER_KIND).reduce((sum, count) => sum + count, 0);
  console.log(
    `\n== cdk synth: ${STACKS} stacks, ${resources} L1 resources, CDK_VALIDATION off, median of ${ROUNDS}`,
  );
  for (const variant of variants) {
    const line = `   ${variant.padEnd(16)} ${median(variant).toFixed(0).padStart(6)} ms`;
    const note =
      variant === 'no plugin'
        ? '(baseline)'
        : variant === 'no-op plugin'
          ? ''
          : `${violations[variant]} violations`;
    console.log(`${line}   ${note}`);
  }
  console.log(
    `   ratio preflight-guard / no plugin = ${ratio.toFixed(3)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}; one round's pair ranges ${paired[Math.floor(ROUNDS / 4)]!.toFixed(2)}–${paired[Math.floor((3 * ROUNDS) / 4)]!.toFixed(2)} (quartiles)`,
  );
  console.log(
    `   the CDK's validation step (a no-op plugin) ${(framework - base).toFixed(0)} ms; preflight-guard's validate() itself ${validate.toFixed(0)} ms (median), ${((validate / base) * 100).toFixed(1)} % of the baseline`,
  );
  // The steadier estimate: the parts timed on their own, a no-op plugin's cost floored at zero.
  const parts = (Math.max(framework - base, 0) + validate) / base;
  console.log(`   from its parts: 1 + (CDK step + validate()) / baseline = ${(1 + parts).toFixed(3)}`);
  console.log(
    `   overhead preflight-guard / cdk-nag v3 = ${((ours - base) / (nag - base)).toFixed(3)} (${(ours - base).toFixed(0)} ms vs ${(nag - base).toFixed(0)} ms)`,
  );
}

function benchApp(outdir: string, variant: Variant): App {
  // failSynthOnValidationErrors false, as the CDK CLI runs apps: the report is written, nothing thrown.
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  for (let index = 0; index < STACKS; index++) benchStack(app, `Stack${index}`);
  // What registering any plugin costs: the CDK then indexes the tree and writes a report.
  if (variant === 'no-op plugin')
    Validations.of(app).addPlugins({ name: 'no-op', validate: () => ({ success: true, violations: [] }) });
  if (variant === 'preflight-guard') {
    const plugin = new PreflightGuardValidation();
    // The same plugin, its validate() timed on its own: a figure the machine's noise moves less.
    Validations.of(app).addPlugins({
      name: plugin.name,
      version: plugin.version,
      ruleIds: plugin.ruleIds,
      validate: (context) => {
        const start = process.hrtime.bigint();
        const report = plugin.validate(context);
        validateTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
        return report;
      },
    });
  }
  if (variant === 'cdk-nag v3') Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return app;
}

function benchStack(app: App, id: string): void {
  const stack = new Stack(app, id);
  stack.templateOptions.metadata = {
    [MODEL_CARDS_METADATA]: [{ constructPath: `${id}/Card`, source: 'model-card.json', card: CARD }],
  };
  const secrets = Array.from(
    { length: PER_KIND.secrets },
    (_, i) => new secretsmanager.CfnSecret(stack, `Secret${i}`, {}),
  );
  for (let i = 0; i < PER_KIND.tasks; i++) {
    const task = new ecs.CfnTaskDefinition(stack, `Task${i}`, {
      requiresCompatibilities: ['EC2'],
      containerDefinitions: [
        {
          name: 'server',
          image: `ghcr.io/acme/llm-server:${CARD.image.tag}`,
          memory: 4096,
          command: ['--model', CARD.model.id, '--revision', CARD.model.revision],
          environment: [{ name: 'LOG_LEVEL', value: 'info' }],
          secrets: [{ name: 'HF_TOKEN', valueFrom: secrets[i % secrets.length]!.ref }],
          resourceRequirements: [{ type: 'GPU', value: '1' }],
          dependsOn: [{ containerName: 'probe', condition: 'SUCCESS' }],
        },
        {
          name: 'probe',
          image: 'ghcr.io/acme/preflight-probe:0.1.0',
          essential: false,
          memory: 64,
          command: ['probe', 'cuda'],
        },
      ],
    });
    (task as CfnResource).addMetadata(MODEL_CARD_ANNOTATION, CARD.model.id);
  }
  for (let i = 0; i < PER_KIND.buckets; i++) new s3.CfnBucket(stack, `Bucket${i}`, {});
  for (let i = 0; i < PER_KIND.queues; i++) new sqs.CfnQueue(stack, `Queue${i}`, {});
  for (let i = 0; i < PER_KIND.topics; i++) new sns.CfnTopic(stack, `Topic${i}`, {});
}

function countViolations(directory: string, variant: Variant): number {
  if (variant === 'no plugin' || variant === 'no-op plugin') return 0;
  const report = require(join(directory, 'validation-report.json')) as {
    pluginReports: { pluginName: string; violations: { violatingConstructs: unknown[] }[] }[];
  };
  return report.pluginReports
    .filter((plugin) => (variant === 'cdk-nag v3') === (plugin.pluginName !== 'preflight-guard'))
    .reduce(
      (sum, plugin) => sum + plugin.violations.reduce((n, v) => n + v.violatingConstructs.length, 0),
      0,
    );
}

/** A full collection before each timed synth, so no variant pays for the garbage of the one before. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
