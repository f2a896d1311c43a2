import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PolicyValidationStack } from 'aws-cdk-lib';
import { violationsOf } from '../../constructs/validation/violations';
import type { Finding } from '../../core/model/finding';
import { reportFindings } from '../../policies/adapters/report';

// A right-to-left override and a zero-width space in an env name from an input, as in
// test/cli/report-hidden-characters.test.ts for the CLI formats.
const finding: Finding = {
  rule: 'env-var-typo',
  severity: 'error',
  message: 'env OPEN\u202EYEK_IPA is not a known name; did you mean OPENAI_API_KEY?',
  target: 'Deployment/llm/server container app',
  declared: 'OPENAI_API_KEY',
  effective: 'OPEN\u200BAPI_KEY',
  fix: 'rename env OPEN\u202EYEK_IPA to OPENAI_API_KEY',
};

function assertEscaped(text: string) {
  assert.match(text, /OPEN\\u202EYEK_IPA/);
  assert.match(text, /OPEN\\u200BAPI_KEY/);
  assert.doesNotMatch(text, /[\u200B\u202E]/u);
}

describe('hidden characters are escaped in the Pulumi and CDK reports too', () => {
  it("the pack's violation text", () => {
    const reported: string[] = [];
    reportFindings([finding], [], 'env-var-typo', (message: string) => reported.push(message));
    assert.equal(reported.length, 1);
    assertEscaped(reported[0]!);
    assert.ok(reported[0]!.includes('\n'), 'the lines of a violation stay lines');
  });

  it("the CDK plugin's violation description, fix and metadata", () => {
    const stack = { stackConstructPath: 'Serving', templatePath: 'Serving.template.json' };
    const [violation] = violationsOf([finding], {
      workloads: [],
      recordedCards: [],
      stacks: [stack as PolicyValidationStack],
      constructPathOf: () => undefined,
    });
    assertEscaped(`${violation!.description}\n${violation!.fix}\n${JSON.stringify(violation!.ruleMetadata)}`);
  });
});
