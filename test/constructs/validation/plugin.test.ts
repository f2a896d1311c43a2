import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { App, type IPolicyValidationContext, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { PreflightGuardValidation } from '../../../constructs/validation';
import { REPO_ROOT } from '../../harness/run-cli';
import { tempFiles } from '../../harness/temp-files';
import { CANARY, servingApp } from './serving-app';
import { folderHashes, folderText, IN_MEMORY, tempOutdir, validationContext } from './synth';

const TASK = 'Serving/Task/Resource';

function failingReport(plugin = new PreflightGuardValidation()) {
  const app = servingApp({ variant: 'failing', appProps: { outdir: tempOutdir() } });
  const context = validationContext(app);
  return { report: plugin.validate(context), context };
}

describe('PreflightGuardValidation', () => {
  it('pins its name, version and rule ids', () => {
    const plugin = new PreflightGuardValidation();
    assert.equal(plugin.name, 'preflight-guard');
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(plugin.version, pkg.version);
    assert.deepEqual(plugin.ruleIds, [
      'model-card-skew',
      'cuda-driver-compat',
      'secret-missing',
      'env-var-typo',
      'gpu-probe-attached',
    ]);
  });

  it('passes a GPU service that matches its recorded card and creates its secrets', () => {
    const app = servingApp({ appProps: { outdir: tempOutdir() } });
    const report = new PreflightGuardValidation().validate(validationContext(app));
    assert.deepEqual(report.violations, []);
    assert.equal(report.success, true);
    assert.equal(report.metadata?.modelCards, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(report.metadata?.workloads, '1');
  });

  it('fails on card/image skew and an unprovided secret, naming each resource by logical id, construct path, template and property path', () => {
    const { report, context } = failingReport();
    assert.equal(report.success, false);
    const template = context.stackTemplates[0]!.templatePath;
    const rules = report.violations.map((violation) => violation.ruleName).sort();
    assert.deepEqual(rules, ['model-card-skew', 'model-card-skew', 'secret-missing']);
    for (const violation of report.violations) {
      assert.equal(violation.severity, 'error');
      assert.equal(violation.violatingResources.length, 1);
      const [resource] = violation.violatingResources;
      assert.match(resource!.resourceLogicalId!, /^Task[0-9A-F]{8}$/);
      assert.equal(resource!.constructPath, TASK);
      assert.equal(resource!.templatePath, template);
    }
    const secret = report.violations.find((violation) => violation.ruleName === 'secret-missing')!;
    assert.match(
      secret.description,
      /^container server: env OPENAI_API_KEY ← secret ml\/openai .*not listed in secrets.external/,
    );
    assert.match(
      secret.violatingResources[0]!.locations[0]!,
      /^Properties\.ContainerDefinitions\.1\.Secrets\.\d\.ValueFrom$/,
    );
    assert.equal(secret.ruleMetadata?.target?.endsWith('container server'), true);
    const tag = report.violations.find((violation) => /image\.tag MISMATCH/.test(violation.description))!;
    assert.deepEqual(tag.violatingResources[0]!.locations, ['Properties.ContainerDefinitions.1.Image']);
    assert.match(tag.fix!, /Deploy the image built for this card/);
  });

  it('names the ModelCard construct when a recorded card binds to nothing', () => {
    const app = servingApp({ appProps: { outdir: tempOutdir() } });
    const stack = app.node.findChild('Serving') as import('aws-cdk-lib').Stack;
    const cards = stack.templateOptions.metadata!['PreflightGuard::ModelCards'] as object[];
    const other = { image: { repository: 'ghcr.io/acme/embedder' }, model: { id: 'acme/embedder' } };
    stack.templateOptions.metadata!['PreflightGuard::ModelCards'] = [
      ...cards,
      { constructPath: 'Serving/EmbedderCard', source: 'embedder.json', card: other },
    ];
    const report = new PreflightGuardValidation().validate(validationContext(app));
    const unbound = report.violations.find((violation) => violation.ruleName === 'model-card-skew')!;
    assert.match(unbound.description, /acme\/embedder/);
    assert.equal(unbound.violatingResources[0]!.constructPath, 'Serving/EmbedderCard');
  });

  it('treats the same card recorded by several stacks as one declaration', () => {
    const app = servingApp({ stacks: 3, appProps: { outdir: tempOutdir() } });
    const report = new PreflightGuardValidation().validate(validationContext(app));
    assert.deepEqual(report.violations, []);
    assert.equal(report.metadata?.workloads, '3');
  });

  it('fails synth end to end when registered with Validations.of(app).addPlugins', () => {
    const app = servingApp({ variant: 'failing', appProps: { outdir: tempOutdir(), context: IN_MEMORY } });
    Validations.of(app).addPlugins(new PreflightGuardValidation());
    assert.throws(
      () => app.synth(),
      (error: Error) =>
        /image\.tag MISMATCH/.test(error.message) &&
        /Acknowledge with 'preflight-guard::secret-missing'/.test(error.message) &&
        !error.message.includes(CANARY),
    );
  });

  it('lets a passing app synth, with a success report for the plugin', () => {
    const outdir = tempOutdir();
    const app = servingApp({ appProps: { outdir, context: IN_MEMORY } });
    Validations.of(app).addPlugins(new PreflightGuardValidation());
    app.synth();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const ours = report.pluginReports.find(
      (plugin: { pluginName: string }) => plugin.pluginName === 'preflight-guard',
    );
    assert.equal(ours?.conclusion ?? 'success', 'success');
  });

  it('reports a failure it cannot recover from as a fatal violation on every stack, never as a silent pass', () => {
    const app = servingApp({ stacks: 2, appProps: { outdir: tempOutdir() } });
    const context = validationContext(app);
    const broken: IPolicyValidationContext = {
      ...context,
      appConstruct: {
        node: {
          findAll() {
            throw new Error('construct tree unavailable');
          },
        },
      } as unknown as IPolicyValidationContext['appConstruct'],
    };
    const report = new PreflightGuardValidation().validate(broken);
    assert.equal(report.success, false);
    assert.equal(report.violations.length, 1);
    const [violation] = report.violations;
    assert.equal(violation!.ruleName, 'plugin-error');
    assert.equal(violation!.severity, 'fatal');
    assert.match(
      violation!.description,
      /preflight-guard failed, so nothing was checked: construct tree unavailable/,
    );
    assert.deepEqual(
      violation!.violatingResources.map((resource) => resource.constructPath),
      ['Serving0', 'Serving1'],
    );
  });

  it('fails synth with a clear input error for a missing config or card file', () => {
    const app = servingApp({ appProps: { outdir: tempOutdir() } });
    const context = validationContext(app);
    const missing = join(tempFiles({}), 'preflight.yaml');
    const report = new PreflightGuardValidation({ configFile: missing }).validate(context);
    assert.equal(report.success, false);
    assert.equal(report.violations[0]!.ruleName, 'input-error');
    assert.equal(report.violations[0]!.severity, 'fatal');
    assert.match(
      report.violations[0]!.description,
      /cannot check this app: .*preflight\.yaml: cannot read: no such file \(ENOENT\)/,
    );
    assert.equal(report.violations[0]!.violatingResources[0]!.constructPath, 'Serving');

    const card = new PreflightGuardValidation({ modelCards: [join(tempFiles({}), 'card.json')] }).validate(
      context,
    );
    assert.match(card.violations[0]!.description, /card\.json: cannot read: no such file \(ENOENT\)/);
  });

  it('fails synth with the template position when a recorded card is invalid', () => {
    const app = servingApp({ appProps: { outdir: tempOutdir() } });
    const stack = app.node.findChild('Serving') as import('aws-cdk-lib').Stack;
    stack.templateOptions.metadata!['PreflightGuard::ModelCards'] = [
      {
        constructPath: 'Serving/Card',
        source: 'model-card.json',
        card: { image: { repository: 'UPPER CASE/x' } },
      },
    ];
    const report = new PreflightGuardValidation().validate(validationContext(app));
    const [violation] = report.violations;
    assert.equal(violation!.ruleName, 'input-error');
    assert.match(violation!.description, /Serving\.template\.json:\d+:\d+: image\.repository: /);
  });

  it('applies preflight.yaml overrides, showing the reason, and declared-external secrets', () => {
    const config = tempFiles({
      'preflight.yaml': [
        'secrets:',
        '  external: [ml/openai]',
        'overrides:',
        '  - rule: model-card-skew',
        '    reason: canary rollout of the 2.4 image, tracked in ML-123',
        '',
      ].join('\n'),
    });
    const { report } = failingReport(
      new PreflightGuardValidation({ configFile: join(config, 'preflight.yaml') }),
    );
    assert.equal(report.success, true);
    assert.deepEqual(
      report.violations.map((violation) => [violation.ruleName, violation.severity]),
      [
        ['model-card-skew', 'warning'],
        ['model-card-skew', 'warning'],
      ],
    );
    for (const violation of report.violations) {
      assert.match(
        violation.description,
        /\[overridden: canary rollout of the 2\.4 image, tracked in ML-123\]/,
      );
      assert.equal(
        violation.ruleMetadata?.overrideReason,
        'canary rollout of the 2.4 image, tracked in ML-123',
      );
    }
  });

  it('never writes into the cloud assembly (checked by the CDK and by hashing every file)', () => {
    const outdir = tempOutdir();
    const app = servingApp({ variant: 'failing', appProps: { outdir } });
    const context = validationContext(app);
    const before = folderHashes(outdir);
    new PreflightGuardValidation().validate(context);
    assert.deepEqual(folderHashes(outdir), before);

    const guarded = servingApp({
      variant: 'failing',
      appProps: { outdir: tempOutdir(), context: IN_MEMORY, confirmValidationPluginsDoNotMutate: true },
    });
    Validations.of(guarded).addPlugins(new PreflightGuardValidation());
    assert.throws(
      () => guarded.synth(),
      (error: Error) => /MISMATCH/.test(error.message) && !/modified the cloud assembly/.test(error.message),
    );
  });

  it('puts a literal env value in no report or message', () => {
    const outdir = tempOutdir();
    const app = servingApp({ variant: 'failing', appProps: { outdir, context: IN_MEMORY } });
    Validations.of(app).addPlugins(new PreflightGuardValidation());
    let message = '';
    try {
      app.synth();
    } catch (error) {
      message = (error as Error).message;
    }
    assert.match(message, /MISMATCH/);
    assert.equal(message.includes(CANARY), false);
    // The template and CDK's tree.json hold the value (the user put it there); the report does not.
    const cdkCopies = (path: string) => path.endsWith('.template.json') || path.endsWith('tree.json');
    assert.equal(folderText(outdir, cdkCopies).includes(CANARY), false);
    assert.match(readFileSync(join(outdir, 'validation-report.json'), 'utf8'), /MISMATCH/);
    const { report } = failingReport();
    assert.equal(JSON.stringify(report).includes(CANARY), false);
  });

  it('checks the templates of nested stacks too, naming the nested construct', () => {
    const app = new App({ outdir: tempOutdir() });
    const inner = new NestedStack(new Stack(app, 'Parent'), 'Inner');
    const task = new ecs.Ec2TaskDefinition(inner, 'Task');
    task.addContainer('server', {
      image: ecs.ContainerImage.fromRegistry('ghcr.io/acme/llm-server:2.3.0-cuda12.1'),
      memoryLimitMiB: 512,
      secrets: {
        HF_TOKEN: ecs.Secret.fromSsmParameter(
          ssm.StringParameter.fromStringParameterName(inner, 'P', '/ml/hf'),
        ),
      },
    });
    const report = new PreflightGuardValidation().validate(validationContext(app));
    const [violation] = report.violations;
    assert.equal(violation?.ruleName, 'secret-missing');
    assert.equal(violation!.violatingResources[0]!.constructPath, 'Parent/Inner/Task/Resource');
    assert.match(violation!.violatingResources[0]!.templatePath!, /\.nested\.template\.json$/);
  });
});
