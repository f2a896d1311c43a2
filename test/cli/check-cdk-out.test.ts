import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type PolicyViolation, type Stack, Validations } from 'aws-cdk-lib';
import { PreflightGuardValidation } from '../../constructs/validation';
import { CANARY, servingApp } from '../constructs/validation/serving-app';
import { IN_MEMORY, tempOutdir, validationContext } from '../constructs/validation/synth';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  target: string;
  declared?: string;
  effective?: string;
}

const SEVERITY: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };

/** What a plugin violation and a check finding share, in one shape. */
function fromViolation(violation: PolicyViolation) {
  const meta = violation.ruleMetadata ?? {};
  return {
    rule: violation.ruleName,
    severity: SEVERITY[violation.severity!],
    target: meta.target,
    declared: meta.declared,
    effective: meta.effective,
    message: violation.description.split('\n')[0]!.replace(/^container \S+: /, ''),
  };
}

function fromFinding(finding: JsonFinding) {
  const { rule, severity, target, declared, effective, message } = finding;
  return { rule, severity, target, declared, effective, message };
}

const byText = (a: object, b: object) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

/** The same app, judged by the plugin (synth without it, then validate) and by `preflight check cdk.out`. */
function bothWays(variant: 'passing' | 'failing', config?: string) {
  const outdir = tempOutdir();
  const app = servingApp({ variant, appProps: { outdir } });
  const report = new PreflightGuardValidation({ configFile: config }).validate(validationContext(app));
  const run = runCli(['check', outdir, '--format', 'json', ...(config ? ['--config', config] : [])], {
    cwd: tempFiles({}),
  });
  return { report, run, outdir };
}

describe('preflight check cdk.out', () => {
  it('reports exactly what the plugin reports on the same failing app, from the files alone', () => {
    const { report, run } = bothWays('failing');
    assert.equal(run.code, 1, run.stderr);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    assert.deepEqual(
      findings.map(fromFinding).sort(byText),
      report.violations.map(fromViolation).sort(byText),
    );
    assert.equal(findings.length, 3);
    assert.equal(run.stdout.includes(CANARY), false);
  });

  it('agrees with the plugin when overrides and external secrets come from preflight.yaml', () => {
    const folder = tempFiles({
      'preflight.yaml':
        'secrets:\n  external: [ml/openai]\noverrides:\n  - rule: model-card-skew\n    reason: canary of the 2.4 image (ML-123)\n',
    });
    const { report, run } = bothWays('failing', join(folder, 'preflight.yaml'));
    assert.equal(run.code, 0, run.stderr);
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings;
    assert.deepEqual(
      findings.map(fromFinding).sort(byText),
      report.violations.map(fromViolation).sort(byText),
    );
    assert.ok(
      findings.every(
        (finding) => finding.severity === 'warning' && /overridden: canary/.test(finding.message),
      ),
    );
  });

  it('uses the cards the templates record: a passing app passes and names its card', () => {
    const { report, run } = bothWays('passing');
    assert.equal(report.success, true);
    assert.equal(run.code, 0, run.stderr);
    const text = runCli(['check', bothWays('passing').outdir], { cwd: tempFiles({}) });
    assert.match(
      text.stdout,
      /1 workload in 1 file · model card meta-llama\/Llama-3\.1-8B-Instruct · no config/,
    );
  });

  it('exits 2 naming the template and field when a recorded card is invalid', () => {
    const outdir = tempOutdir();
    const app = servingApp({ appProps: { outdir } });
    const stack = app.node.findChild('Serving') as import('aws-cdk-lib').Stack;
    stack.templateOptions.metadata!['PreflightGuard::ModelCards'] = [
      { constructPath: 'Serving/Card', card: 'nope' },
    ];
    app.synth();
    const run = runCli(['check', outdir], { cwd: tempFiles({}) });
    assert.equal(run.code, 2);
    assert.match(
      run.stdout,
      /Serving\.template\.json:\d+:\d+: Metadata\["PreflightGuard::ModelCards"\]\[0\]: expected \{ constructPath, source, card \}/,
    );
  });

  it('honours the acknowledgements in the app as cdk synth does: full id, real reason, closest construct', () => {
    const reason = 'platform team creates ml/openai (PLAT-42)';
    const synthWith = (acknowledge: (stack: Stack) => void) => {
      const outdir = tempOutdir();
      const app = servingApp({ variant: 'failing', appProps: { outdir, context: IN_MEMORY } });
      Validations.of(app).addPlugins(new PreflightGuardValidation());
      acknowledge(app.node.findChild('Serving') as Stack);
      let failed = false;
      try {
        app.synth();
      } catch {
        failed = true;
      }
      const run = runCli(['check', outdir, '--format', 'json'], { cwd: tempFiles({}) });
      return { failed, run, findings: (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings };
    };

    const all = synthWith((stack) => {
      Validations.of(stack).acknowledge({
        id: 'preflight-guard::model-card-skew',
        reason: 'canary of 2.4 until 2026-12-31',
      });
      Validations.of(stack.node.findChild('Task')).acknowledge({
        id: 'preflight-guard::secret-missing',
        reason,
      });
    });
    assert.equal(all.failed, false);
    assert.equal(all.run.code, 0, all.run.stdout);
    const secret = all.findings.find((finding) => finding.rule === 'secret-missing')!;
    assert.equal(secret.severity, 'warning');
    assert.match(
      secret.message,
      /\[acknowledged at Serving\/Task: platform team creates ml\/openai \(PLAT-42\)\]$/,
    );

    const short = synthWith((stack) => {
      Validations.of(stack).acknowledge(
        { id: 'preflight-guard::model-card-skew', reason: 'ok' },
        { id: 'preflight-guard::secret-missing', reason },
      );
    });
    assert.equal(short.failed, true);
    assert.equal(short.run.code, 1);

    const bare = synthWith((stack) => {
      Validations.of(stack).acknowledge({ id: 'model-card-skew', reason }, { id: 'secret-missing', reason });
    });
    assert.equal(bare.failed, true);
    assert.equal(bare.run.code, 1);
  });
});
