import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type Stack, Validations } from 'aws-cdk-lib';
import { PreflightGuardValidation } from '../../../constructs/validation';
import { servingApp } from './serving-app';
import { IN_MEMORY, tempOutdir } from './synth';

const REASON = 'OpenAI key is created by the platform team (PLAT-42)';

interface PluginReportJson {
  pluginName: string;
  conclusion: string;
  violations: { ruleName: string; severity: string }[];
  suppressedViolations?: {
    ruleName: string;
    acknowledgedId: string;
    reason: string;
    acknowledgedAt: string;
  }[];
}

/** Synthesizes the failing app with the plugin after `acknowledge` ran; returns the thrown message and our report. */
function synthAcknowledging(acknowledge: (stack: Stack) => void): {
  error?: string;
  report: PluginReportJson;
} {
  const outdir = tempOutdir();
  const app = servingApp({ variant: 'failing', appProps: { outdir, context: IN_MEMORY } });
  Validations.of(app).addPlugins(new PreflightGuardValidation());
  acknowledge(app.node.findChild('Serving') as Stack);
  let error: string | undefined;
  try {
    app.synth();
  } catch (thrown) {
    error = (thrown as Error).message;
  }
  const json = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
  const report = json.pluginReports.find(
    (plugin: PluginReportJson) => plugin.pluginName === 'preflight-guard',
  );
  return { error, report };
}

describe('acknowledging preflight-guard violations', () => {
  it('suppresses a rule acknowledged by its full id with a reason, and keeps the reason in the report', () => {
    const { error, report } = synthAcknowledging((stack) =>
      Validations.of(stack).acknowledge({ id: 'preflight-guard::secret-missing', reason: REASON }),
    );
    assert.match(error!, /MISMATCH/, 'model-card-skew still fails synth');
    assert.equal(/OPENAI_API_KEY/.test(error!), false);
    assert.deepEqual(
      report.violations.map((violation) => violation.ruleName),
      ['model-card-skew', 'model-card-skew'],
    );
    const [suppressed] = report.suppressedViolations!;
    assert.equal(suppressed!.ruleName, 'secret-missing');
    assert.equal(suppressed!.acknowledgedId, 'preflight-guard::secret-missing');
    assert.equal(suppressed!.reason, REASON);
    assert.equal(suppressed!.acknowledgedAt, 'Serving');
  });

  it('lets synth pass once every blocking rule is acknowledged with a reason', () => {
    const { error, report } = synthAcknowledging((stack) =>
      Validations.of(stack).acknowledge(
        { id: 'preflight-guard::secret-missing', reason: REASON },
        { id: 'preflight-guard::model-card-skew', reason: 'canary of the 2.4 image until 2026-12-31' },
      ),
    );
    assert.equal(error, undefined);
    assert.equal(report.conclusion, 'success');
    assert.equal(report.suppressedViolations!.length, 3);
  });

  it('fails synth when an acknowledgement gives no real reason, even though CDK accepts it', () => {
    const { error, report } = synthAcknowledging((stack) =>
      Validations.of(stack).acknowledge(
        { id: 'preflight-guard::secret-missing', reason: '' },
        { id: 'preflight-guard::model-card-skew', reason: 'ok' },
      ),
    );
    assert.equal(report.conclusion, 'failure');
    const fatal = report.violations.filter((violation) => violation.severity === 'fatal');
    assert.deepEqual(
      fatal.map((violation) => violation.ruleName),
      ['acknowledgement-reason', 'acknowledgement-reason'],
    );
    assert.match(error!, /acknowledgement preflight-guard::model-card-skew gives no real reason \("ok"\)/);
  });

  it('fails synth when a reason is only invisible characters and spaces (they do not count)', () => {
    const invisible = `${'\u200B'.repeat(12)} \u202E\uFEFF\u2066 ok`;
    const { error, report } = synthAcknowledging((stack) =>
      Validations.of(stack).acknowledge(
        { id: 'preflight-guard::secret-missing', reason: REASON },
        { id: 'preflight-guard::model-card-skew', reason: invisible },
      ),
    );
    assert.equal(report.conclusion, 'failure');
    const fatal = report.violations.filter((violation) => violation.severity === 'fatal');
    assert.deepEqual(
      fatal.map((violation) => violation.ruleName),
      ['acknowledgement-reason'],
    );
    assert.match(error!, /gives no real reason \("\\u200B.*\\u202E\\uFEFF\\u2066 ok"\)/);
  });

  it('says so when a bare rule id silences nothing, and the violation still fails synth', () => {
    const { error, report } = synthAcknowledging((stack) =>
      Validations.of(stack).acknowledge({ id: 'secret-missing', reason: REASON }),
    );
    assert.match(error!, /OPENAI_API_KEY/);
    const hint = report.violations.find((violation) => violation.ruleName === 'acknowledgement-id');
    assert.equal(hint?.severity, 'warning');
    assert.match(error!, /use the full id 'preflight-guard::secret-missing'/);
  });

  it('warns about an acknowledgement of a rule the plugin does not have', () => {
    const { error } = synthAcknowledging((stack) =>
      Validations.of(stack).acknowledge({ id: 'preflight-guard::secrets-missing', reason: REASON }),
    );
    assert.match(error!, /acknowledgement preflight-guard::secrets-missing names no rule of preflight-guard/);
  });
});
