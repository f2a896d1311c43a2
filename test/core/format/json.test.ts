import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatJson } from '../../../core/format/json';
import { context, sampleFindings } from './sample-findings';

test('JSON output pins the shape: key order, relative paths, absent keys left out, trailing newline', () => {
  const [skew, overridden, unlocated] = sampleFindings();
  const output = formatJson([skew!, overridden!, unlocated!], context, { passed: 5 });
  assert.ok(output.endsWith('}\n'));
  assert.equal(
    output,
    `${JSON.stringify(
      {
        findings: [
          {
            rule: 'model-card-skew',
            severity: 'error',
            message: 'transformers 4.38.0 in the image, the model card declares 4.40.0',
            target: 'Deployment/llm/vllm container server',
            location: { file: 'k8s/deployment.yaml', line: 24, column: 18 },
            declared: '4.40.0',
            effective: '4.38.0',
            source: 'image tag',
            fix: 'Rebuild the image with transformers 4.40.0.',
          },
          {
            rule: 'gpu-probe-attached',
            severity: 'warning',
            message: 'GPU requested without the runtime probe',
            target: 'Deployment/llm/vllm',
            location: { file: 'k8s/deployment.yaml', line: 3 },
            override: {
              reason: 'probe rolls out next sprint',
              expires: '2030-01-31',
              location: { file: 'preflight.yaml', line: 12, column: 5 },
            },
          },
          {
            rule: 'secret-missing',
            severity: 'error',
            message: 'secret openai-credentials is referenced but not provided',
            target: 'urn:pulumi:dev::llm::kubernetes:apps/v1:Deployment::vllm',
            fix: 'Create the secret in namespace llm.',
          },
        ],
        errors: [],
        summary: { errors: 2, warnings: 1, notes: 0, overridden: 1, blocking: true, passed: 5 },
      },
      null,
      2,
    )}\n`,
  );
});

test('JSON keys come in the documented order', () => {
  const parsed = JSON.parse(formatJson(sampleFindings(), context));
  assert.deepEqual(Object.keys(parsed), ['findings', 'errors', 'summary']);
  assert.deepEqual(Object.keys(parsed.findings[0]), [
    'rule',
    'severity',
    'message',
    'target',
    'location',
    'declared',
    'effective',
    'source',
    'fix',
  ]);
  assert.deepEqual(Object.keys(parsed.summary), ['errors', 'warnings', 'notes', 'overridden', 'blocking']);
});

test('extras never replace the summary computed from the findings', () => {
  const parsed = JSON.parse(
    formatJson(sampleFindings(), context, { blocking: false, errors: 0, command: 'check' }),
  );
  assert.equal(parsed.summary.blocking, true);
  assert.equal(parsed.summary.errors, 2);
  assert.equal(parsed.summary.command, 'check');
});

test('positions that are not 1-based integers are left out, and a column never stands without its line', () => {
  const parsed = JSON.parse(
    formatJson(
      [
        {
          rule: 'env-var-typo',
          severity: 'error',
          message: 'm',
          target: 't',
          location: { file: 'a.yaml', column: 4 },
        },
        {
          rule: 'env-var-typo',
          severity: 'error',
          message: 'm',
          target: 't',
          location: { file: 'b.yaml', line: 0 },
        },
      ],
      context,
    ),
  );
  assert.deepEqual(parsed.findings[0].location, { file: 'a.yaml' });
  assert.deepEqual(parsed.findings[1].location, { file: 'b.yaml' });
});

test('no findings is a valid document', () => {
  assert.equal(
    formatJson([], context),
    '{\n  "findings": [],\n  "errors": [],\n  "summary": {\n    "errors": 0,\n    "warnings": 0,\n    "notes": 0,\n    "overridden": 0,\n    "blocking": false\n  }\n}\n',
  );
});
