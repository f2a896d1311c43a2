import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/run-cli';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { description: string; default?: string }>;
  runs: { using: string; steps: Step[] };
};

describe('action.yml', () => {
  it('is a composite action whose run steps all name their shell', () => {
    assert.equal(action.runs.using, 'composite');
    for (const step of action.runs.steps.filter((candidate) => candidate.run)) {
      assert.equal(step.shell, 'bash', step.name);
    }
  });

  it('passes inputs through env only, never into a script’s text', () => {
    for (const step of action.runs.steps.filter((candidate) => candidate.run)) {
      assert.ok(!/\$\{\{/.test(step.run!), `${step.name} splices an expression into its script`);
    }
    const lint = action.runs.steps.find((step) => step.id === 'lint')!;
    assert.deepEqual(Object.keys(lint.env!).sort(), ['CONFIG', 'PATHS', 'SARIF_FILE', 'VARS', 'VERSION']);
  });

  it('runs preflight lint-prompts for SARIF and for annotations, and uploads the SARIF', () => {
    const lint = action.runs.steps.find((step) => step.id === 'lint')!;
    assert.match(
      lint.run!,
      /lint-prompts "\$\{paths\[@\]\}" "\$\{options\[@\]\}" --format sarif --output "\$SARIF_FILE"/,
    );
    assert.match(lint.run!, /--format github/);
    assert.match(lint.run!, /set -f/);
    const upload = action.runs.steps.find((step) =>
      step.uses?.startsWith('github/codeql-action/upload-sarif@'),
    )!;
    assert.equal(upload.with!.sarif_file, '${{ inputs.sarif-file }}');
    assert.match(upload.if!, /always\(\)/);
    for (const [name, input] of Object.entries(action.inputs)) assert.ok(input.description, name);
  });
});
