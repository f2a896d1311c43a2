import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { formatSarif } from '../../../core/format/sarif';
import type { Finding } from '../../../core/model/finding';
import { RULE_CATALOG } from '../../../core/rules/catalog';
import { context, cwd, sampleFindings } from './sample-findings';
import { sarifSchemaErrors } from './sarif-schema';

// biome-ignore lint/suspicious/noExplicitAny: test reads an untyped JSON document
type Json = any;

const schemaErrors = sarifSchemaErrors();

function sarif(findings: Finding[], overrides: Partial<typeof context> = {}): Json {
  return JSON.parse(formatSarif(findings, { ...context, ...overrides }));
}

/** Every string in the log outside property bags, which carry the finding's values as they are. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => (key === 'properties' ? [] : strings(inner)));
  }
  return [];
}

const hostile: Finding = {
  rule: 'prompt-template-vars',
  severity: 'error',
  message: 'line one\r\nline two %0A ::error::x, [link](1) "quoted" \\ back',
  target: 'prompts/a b#c?.j2',
  location: { file: 'prompts/we:ird, name #1?.j2', line: 2, column: 1 },
  declared: '',
  effective: 'x\ny',
};

test('the output validates against the SARIF 2.1.0 schema', () => {
  for (const findings of [sampleFindings(), [], [hostile]]) {
    assert.deepEqual(schemaErrors(sarif(findings)), []);
  }
});

test('the schema check is live: a broken log fails it', () => {
  const log = sarif(sampleFindings());
  log.runs[0].results[0].level = 'fatal';
  delete log.runs[0].tool.driver.name;
  assert.ok(schemaErrors(log).length >= 2);
});

test('GitHub-required properties are present, version first, one run per command category', () => {
  const output = formatSarif(sampleFindings(), context);
  assert.ok(
    output.startsWith(
      '{\n  "version": "2.1.0",\n  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",',
    ),
  );
  assert.ok(output.endsWith('}\n'));
  const log = JSON.parse(output);
  assert.equal(log.runs.length, 1);
  const [run] = log.runs;
  assert.equal(run.tool.driver.name, 'preflight-guard');
  assert.equal(run.tool.driver.semanticVersion, '0.1.0');
  assert.equal(run.tool.driver.informationUri, undefined);
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.equal(run.automationDetails.id, 'preflight-guard/check/');
  assert.equal(
    sarif([], { command: 'lint-prompts' }).runs[0].automationDetails.id,
    'preflight-guard/lint-prompts/',
  );
  assert.deepEqual(
    run.tool.driver.rules.map((rule: Json) => rule.id),
    RULE_CATALOG.map((rule) => rule.id),
  );
  for (const rule of run.tool.driver.rules) {
    assert.match(rule.name, /^[A-Z][A-Za-z]+$/);
    for (const text of [rule.shortDescription.text, rule.fullDescription.text, rule.help.text]) {
      assert.ok(typeof text === 'string' && text.trim().length > 0, `${rule.id} has empty text`);
    }
    assert.equal(
      rule.defaultConfiguration.level,
      RULE_CATALOG.find((info) => info.id === rule.id)!.defaultSeverity,
    );
  }
  assert.equal(run.results.length, 4);
  for (const result of run.results) {
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.ok(result.message.text.trim().length > 0);
    assert.ok(result.locations.length >= 1 && result.locations.length <= 10);
    assert.ok(result.locations[0].physicalLocation.artifactLocation.uri.length > 0);
    assert.match(result.partialFingerprints.primaryLocationLineHash, /^[0-9a-f]{32}:\d+$/);
  }
  assert.deepEqual(
    run.results.map((result: Json) => result.level),
    ['error', 'warning', 'error', 'note'],
  );
});

test('no SARIF property is an empty string, even for empty values and a blank message', () => {
  const blank: Finding = { rule: 'secret-missing', severity: 'error', message: ' ', target: '' };
  const log = sarif([...sampleFindings(), hostile, blank], {
    tool: { name: 'preflight-guard', version: '' },
  });
  assert.deepEqual(
    strings(log).filter((text) => text === ''),
    [],
  );
  assert.equal(log.runs[0].tool.driver.semanticVersion, undefined);
  assert.match(log.runs[0].results.at(-1).message.text, /^A workload references a secret/);
});

test('regions are 1-based and only present when a line is known; a column never stands without its line', () => {
  const located = (location: Finding['location']): Json =>
    sarif([{ rule: 'env-var-typo', severity: 'error', message: 'm', target: 't', location }]).runs[0]
      .results[0].locations[0].physicalLocation;
  assert.deepEqual(located({ file: 'a.yaml', line: 1, column: 1 }).region, { startLine: 1, startColumn: 1 });
  assert.deepEqual(located({ file: 'a.yaml', line: 9 }).region, { startLine: 9 });
  assert.equal(located({ file: 'a.yaml', column: 4 }).region, undefined);
  assert.equal(located({ file: 'a.yaml', line: 0, column: 3 }).region, undefined);
  const [skew] = sarif(sampleFindings()).runs[0].results;
  assert.deepEqual(skew.locations[0].physicalLocation.region, { startLine: 24, startColumn: 18 });
});

test('URIs are repository-relative with forward slashes against %SRCROOT%, and percent-encoded', () => {
  const uris = sarif(sampleFindings()).runs[0].results.map(
    (result: Json) => result.locations[0].physicalLocation.artifactLocation,
  );
  assert.deepEqual(uris[0], { uri: 'k8s/deployment.yaml', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(uris[3], { uri: 'prompts/answer.j2', uriBaseId: '%SRCROOT%' });
  const [odd] = sarif([hostile]).runs[0].results;
  assert.equal(
    odd.locations[0].physicalLocation.artifactLocation.uri,
    'prompts/we%3Aird,%20name%20%231%3F.j2',
  );
  const outside = sarif([{ ...hostile, location: { file: resolve(cwd, '../elsewhere/x.yaml'), line: 1 } }]);
  assert.deepEqual(outside.runs[0].results[0].locations[0].physicalLocation.artifactLocation, {
    uri: `file://${resolve(cwd, '../elsewhere/x.yaml')}`,
  });
});

test('a finding without a location is anchored to a file (GitHub rejects the upload otherwise) and names its target', () => {
  const unlocated = sampleFindings()[2]!;
  const [byDefault] = sarif([unlocated]).runs[0].results;
  assert.deepEqual(byDefault.locations[0].physicalLocation, {
    artifactLocation: { uri: 'preflight.yaml', uriBaseId: '%SRCROOT%' },
  });
  assert.deepEqual(byDefault.locations[0].logicalLocations, [{ fullyQualifiedName: unlocated.target }]);
  assert.match(byDefault.message.text, new RegExp(`\ntarget: ${unlocated.target}\n`));
  const [anchored] = sarif([unlocated], { anchorFile: resolve(cwd, 'stacks/dev/preflight.yaml') }).runs[0]
    .results;
  assert.equal(anchored.locations[0].physicalLocation.artifactLocation.uri, 'stacks/dev/preflight.yaml');
});

test('message text carries declared, effective with its source, fix, and an override with its reason', () => {
  const [skew, overridden] = sarif(sampleFindings()).runs[0].results;
  assert.equal(
    skew.message.text,
    'transformers 4.38.0 in the image, the model card declares 4.40.0\ndeclared: 4.40.0\n' +
      'effective: 4.38.0 (from image tag)\nfix: Rebuild the image with transformers 4.40.0.',
  );
  assert.equal(
    overridden.message.text,
    'GPU requested without the runtime probe\n' +
      'overridden in preflight.yaml:12:5: probe rolls out next sprint (expires 2030-01-31)',
  );
  // An override stays a visible warning: no SARIF suppression, which GitHub would hide.
  assert.equal(overridden.level, 'warning');
  assert.equal(overridden.suppressions, undefined);
  assert.deepEqual(overridden.properties.override, {
    reason: 'probe rolls out next sprint',
    expires: '2030-01-31',
  });
});

test('a literal embedded link in a message cannot become a SARIF link', () => {
  const [result] = sarif([hostile]).runs[0].results;
  assert.ok(result.message.text.includes('[link\\](1)'));
  assert.ok(!result.message.text.includes('[link](1)'));
  assert.ok(result.message.text.includes('declared: (empty)'));
});

function hashes(findings: Finding[]): string[] {
  return sarif(findings).runs[0].results.map(
    (result: Json) => result.partialFingerprints.primaryLocationLineHash,
  );
}

test('fingerprints are stable across runs, line shifts, changed values and overrides', () => {
  const first = hashes(sampleFindings());
  assert.deepEqual(hashes(sampleFindings()), first);
  const [skew] = sampleFindings();
  const moved: Finding = {
    ...skew!,
    severity: 'warning',
    location: { ...skew!.location!, line: 40, column: 2 },
    message: 'transformers 4.39.0 in the image, the model card declares 4.41.0',
    declared: '4.41.0',
    effective: '4.39.0',
    override: { reason: 'accepted for now' },
  };
  assert.equal(hashes([moved])[0], first[0]);
});

test('distinct findings get distinct fingerprints; identical ones are told apart by occurrence', () => {
  const all = hashes(sampleFindings());
  assert.equal(new Set(all).size, all.length);
  const [skew] = sampleFindings();
  const elsewhere = hashes([{ ...skew!, target: 'Deployment/llm/other container server' }])[0];
  const otherFile = hashes([{ ...skew!, location: { file: 'k8s/other.yaml', line: 24 } }])[0];
  const otherRule = hashes([{ ...skew!, rule: 'cuda-driver-compat' }])[0];
  assert.equal(new Set([all[0], elsewhere, otherFile, otherRule]).size, 4);
  const twice = hashes([skew!, skew!]);
  assert.equal(twice[0]!.split(':')[0], twice[1]!.split(':')[0]);
  assert.deepEqual(
    twice.map((hash) => hash.split(':')[1]),
    ['1', '2'],
  );
});
