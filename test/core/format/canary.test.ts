import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGithub, stepSummary } from '../../../core/format/github';
import { formatJson } from '../../../core/format/json';
import { formatSarif } from '../../../core/format/sarif';
import type { Finding } from '../../../core/model/finding';
import { RULE_CATALOG } from '../../../core/rules/catalog';
import { context } from './sample-findings';

/**
 * Findings never hold a secret's value by construction; this pins the other half: a formatter writes
 * only what the findings, the context and the rule catalog hold, plus its own fixed vocabulary. A
 * value in the environment (where secrets live at deploy time) must never show up.
 */
const SECRET = 'sk-live-Qx7CanarySecretValue';

const finding: Finding = {
  rule: 'env-var-typo',
  severity: 'error',
  message: 'Zanzibar looks like Zebrafish',
  target: 'Deployment/quokka/wombat container kiwi',
  location: { file: 'deploy/narwhal.yaml', line: 31, column: 7 },
  declared: 'Zebrafish',
  effective: 'Zanzibar',
  source: 'env name',
  fix: 'Rename Zanzibar to Zebrafish.',
  override: {
    reason: 'pending pelican migration',
    expires: '2031-02-03',
    location: { file: 'ocelot.yaml', line: 2 },
  },
};

const FORMAT_VOCABULARY = `
  version schema runs tool driver name semanticVersion rules id shortDescription fullDescription text help
  defaultConfiguration level automationDetails columnKind results ruleId ruleIndex message locations
  physicalLocation artifactLocation uri uriBaseId region startLine startColumn logicalLocations
  fullyQualifiedName partialFingerprints primaryLocationLineHash properties target declared effective source
  fix override reason expires https json schemastore org sarif SRCROOT utf16CodeUnits error warning note
  from overridden in empty findings summary errors warnings notes blocking true false file line column
  rule severity location stop commands notice col title more are not annotated GitHub shows per all listed
  above and the SARIF output no br invocations executionSuccessful
  ${RULE_CATALOG.map((rule) =>
    rule.id
      .split('-')
      .map((word) => word[0]!.toUpperCase() + word.slice(1))
      .join(''),
  ).join(' ')}
`;

/** Words of `text`, with JSON escapes (`\\n`) and workflow-command escapes (`%0A`) read as separators. */
function words(text: string): string[] {
  return text.replace(/\\[nrt"\\]|%[0-9A-F]{2}/g, ' ').match(/[A-Za-z0-9]+/g) ?? [];
}

const allowed = new Set(
  [JSON.stringify(finding), JSON.stringify(context), JSON.stringify(RULE_CATALOG), FORMAT_VOCABULARY].flatMap(
    words,
  ),
);

/** Words no source accounts for; hex fingerprints and tokens are the formatter's own hashes. */
function unexplained(output: string): string[] {
  return words(output).filter(
    (word) => !allowed.has(word) && !/^(\d+|[0-9a-f]{32}|[0-9a-f]{64})$/.test(word),
  );
}

test('formatters write nothing that is not in the findings, the context or the catalog', () => {
  process.env.PREFLIGHT_CANARY_SECRET = SECRET;
  try {
    const outputs = {
      json: formatJson([finding], context),
      sarif: formatSarif([finding], context),
      github: formatGithub([finding], context),
      stepSummary: stepSummary([finding], context),
    };
    for (const [format, output] of Object.entries(outputs)) {
      assert.deepEqual(unexplained(output), [], format);
      assert.ok(!output.includes(SECRET), format);
      assert.ok(!output.includes(context.cwd), `${format} leaks the absolute checkout path`);
    }
  } finally {
    delete process.env.PREFLIGHT_CANARY_SECRET;
  }
});

test('the canary is live: a word from nowhere is caught', () => {
  assert.deepEqual(unexplained(`${formatGithub([finding], context)} Qx7CanarySecretValue`), [
    'Qx7CanarySecretValue',
  ]);
});

test('JSON carries exactly the finding: parsing it back gives the same fields', () => {
  const [parsed] = JSON.parse(formatJson([finding], context)).findings;
  assert.deepEqual(parsed, finding);
});
