import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { linearRegex } from '../../../core/linear-regex';
import { loadConfig, parseDuration } from '../../../core/loaders/config';
import { DEFAULT_CONFIG } from '../../../core/model/config';
import { expectInputError } from '../../harness/input-error';
import { tempFiles } from '../../harness/temp-files';

function configFile(text: string): string {
  return join(tempFiles({ 'preflight.yaml': text }), 'preflight.yaml');
}

describe('loadConfig', () => {
  it('reads every field, resolves card paths against the file and keeps override positions', () => {
    const file = configFile(
      [
        'ignore_versions: [patch]',
        'secret_timeout: 2m',
        'cuda_probe: { mode: strict }',
        'model_cards: [cards/model-card.json]',
        'env: { known: [MY_FLAG] }',
        'secrets: { external: [hf-token] }',
        'unknown_values: warning',
        'image_conventions:',
        "  - { repository: ghcr.io/acme/llm, tag: '^(?<cuda>\\d+\\.\\d+)$' }",
        'overrides:',
        '  - rule: model-card-skew',
        '    target: Deployment/llm/api',
        '    reason: canary rollout of the new tokenizer',
        "    expires: '2026-12-31'",
      ].join('\n'),
    );
    const config = loadConfig(file);
    assert.deepEqual(config.ignore_versions, ['patch']);
    assert.equal(config.secret_timeout, 120);
    assert.equal(config.cuda_probe.mode, 'strict');
    assert.deepEqual(config.model_cards, [join(file, '..', 'cards/model-card.json')]);
    assert.deepEqual(config.env.known, ['MY_FLAG']);
    assert.deepEqual(config.secrets.external, ['hf-token']);
    assert.equal(config.unknown_values, 'warning');
    assert.equal(linearRegex(config.image_conventions[0]!.tag.source).exec('12.1')?.groups.cuda, '12.1');
    assert.equal(config.overrides[0]!.reason, 'canary rollout of the new tokenizer');
    assert.equal(config.overrides[0]!.expires, '2026-12-31');
    assert.equal(config.overrides[0]!.location?.line, 11);
  });

  it('fills defaults only for what the file leaves out', () => {
    const config = loadConfig(configFile('ignore_versions: [minor, patch]\n'));
    assert.deepEqual(config.ignore_versions, ['minor', 'patch']);
    assert.equal(config.secret_timeout, DEFAULT_CONFIG.secret_timeout);
    assert.equal(config.cuda_probe.mode, 'fallback');
    assert.equal(config.unknown_values, 'error');
  });

  it('accepts an empty file', () => {
    assert.deepEqual(loadConfig(configFile('# nothing yet\n')).overrides, []);
  });

  const bad: [string, string, RegExp, string | undefined, number | undefined][] = [
    [
      'an unknown field',
      'ignore_version: [patch]\n',
      /unknown field "ignore_version": did you mean "ignore_versions"\? \(expected one of: ignore_versions,/,
      'ignore_version',
      1,
    ],
    [
      'an unknown nested field',
      'cuda_probe:\n  mode: strict\n  timeout: 3\n',
      /unknown field "timeout"/,
      'cuda_probe.timeout',
      3,
    ],
    [
      'an override without a reason',
      'overrides:\n  - rule: env-var-typo\n',
      /missing required field "reason"/,
      'overrides[0]',
      2,
    ],
    [
      'an override with a blank reason',
      'overrides:\n  - rule: env-var-typo\n    reason: "  "\n',
      /expected a reason that is not blank/,
      'overrides[0].reason',
      3,
    ],
    [
      'an override whose reason is only invisible characters (zero-width space, RLO, BOM) and spaces',
      'overrides:\n  - rule: env-var-typo\n    reason: "\\u200B \\u202E\\uFEFF\\u2066\\u00A0"\n',
      /expected a reason that is not blank/,
      'overrides[0].reason',
      3,
    ],
    [
      'an override of an unknown rule',
      'overrides:\n  - rule: model-skew\n    reason: x\n',
      /expected one of: "model-card-skew"/,
      'overrides[0].rule',
      2,
    ],
    [
      'a bad expiry date',
      'overrides:\n  - rule: env-var-typo\n    reason: x\n    expires: next week\n',
      /expected a date as YYYY-MM-DD/,
      'overrides[0].expires',
      4,
    ],
    [
      'a bad version level',
      'ignore_versions: [build]\n',
      /expected one of: "major", "minor", "patch"/,
      'ignore_versions[0]',
      1,
    ],
    [
      'a bad duration',
      'secret_timeout: soon\n',
      /expected how long the boot checkpoint waits/,
      'secret_timeout',
      1,
    ],
    [
      'a bad probe mode',
      'cuda_probe: { mode: maybe }\n',
      /expected one of: "strict", "fallback", "warn", "off"/,
      'cuda_probe.mode',
      1,
    ],
    [
      'a bad regex',
      "image_conventions:\n  - repository: acme/llm\n    tag: '(?<cuda>'\n",
      /not a regular expression this tool runs \(RE2 syntax, linear time: no backreferences or lookaround\): missing closing \)/,
      'image_conventions[0].tag',
      3,
    ],
    [
      'an expiry that is no day',
      'overrides:\n  - rule: env-var-typo\n    reason: x\n    expires: "2026-02-30"\n',
      /"2026-02-30" is not a calendar date/,
      'overrides[0].expires',
      4,
    ],
    ['a wrong type', 'model_cards: model-card.json\n', /expected array/, 'model_cards', 1],
    ['two documents', 'a: 1\n---\nb: 2\n', /expected one YAML document/, undefined, 3],
    ['malformed YAML', 'env:\n  known: [A, B\n', /./, undefined, undefined],
  ];
  for (const [what, text, message, field, line] of bad) {
    it(`refuses ${what} with the file, position and field`, () => {
      const file = configFile(text);
      const error = expectInputError(() => loadConfig(file));
      assert.match(error.message, message);
      assert.equal(error.location?.file, file);
      if (field !== undefined) assert.equal(error.field, field);
      if (line !== undefined) assert.equal(error.location?.line, line);
      assert.ok(!error.describe().includes('    at '), 'no stack trace in the message');
    });
  }
});

describe('parseDuration', () => {
  it('reads seconds, minutes, hours and milliseconds', () => {
    assert.equal(parseDuration(90), 90);
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('2m'), 120);
    assert.equal(parseDuration('1h'), 3600);
    assert.equal(parseDuration('1500ms'), 1.5);
  });
});
