// A fresh process's first CDK synth, run by startup.bench.ts: argv[2] is `plugin` (with the built
// preflight-guard plugin, loaded as an app loads `preflight-guard/constructs`) or `none`. Prints one
// JSON line: ms to load our module, our first validate(), and the whole synth.
const { join } = require('node:path');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { App, Stack, Validations } = require('aws-cdk-lib');
const ecs = require('aws-cdk-lib/aws-ecs');
const secretsmanager = require('aws-cdk-lib/aws-secretsmanager');

const CARD = {
  model: { id: 'acme/llm', revision: '0e9e39f249a16976918f6564b8830bc894c89659' },
  runtime: { cuda: '12.1' },
  image: { repository: 'ghcr.io/acme/llm-server', tag: '2.3.0-cuda12.1' },
  env: { required: ['HF_TOKEN'] },
};

const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const outdir = mkdtempSync(join(tmpdir(), 'preflight-bench-cdk-cold-'));
const figures = { loadMs: 0, validateMs: 0, synthMs: 0 };
try {
  const app = new App({
    outdir,
    builtinCloudFormationValidation: false,
    context: { '@aws-cdk/core:failSynthOnValidationErrors': false },
  });
  const stack = new Stack(app, 'Serving');
  stack.templateOptions.metadata = {
    'PreflightGuard::ModelCards': [{ constructPath: 'Serving/Card', source: 'model-card.json', card: CARD }],
  };
  const secret = new secretsmanager.CfnSecret(stack, 'HfToken', {});
  new ecs.CfnTaskDefinition(stack, 'Task', {
    requiresCompatibilities: ['EC2'],
    containerDefinitions: [
      {
        name: 'server',
        image: `ghcr.io/acme/llm-server:${CARD.image.tag}`,
        memory: 4096,
        command: ['--model', CARD.model.id],
        secrets: [{ name: 'HF_TOKEN', valueFrom: secret.ref }],
        resourceRequirements: [{ type: 'GPU', value: '1' }],
      },
    ],
  }).addMetadata('preflight-guard.dev/model-card', CARD.model.id);
  if (process.argv[2] === 'plugin') {
    const start = process.hrtime.bigint();
    const { PreflightGuardValidation } = require(join(__dirname, '..', 'dist', 'constructs'));
    const plugin = new PreflightGuardValidation();
    figures.loadMs = ms(start);
    Validations.of(app).addPlugins({
      name: plugin.name,
      version: plugin.version,
      ruleIds: plugin.ruleIds,
      validate: (context) => {
        const begin = process.hrtime.bigint();
        const report = plugin.validate(context);
        figures.validateMs = ms(begin);
        return report;
      },
    });
  }
  const start = process.hrtime.bigint();
  app.synth();
  figures.synthMs = ms(start);
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(figures)}\n`);
