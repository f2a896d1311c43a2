import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// biome-ignore lint/suspicious/noExplicitAny: tests read untyped JSON reports
type Json = any;

// Each input here made the whole run end in `internal error: Maximum call stack size exceeded`. They
// are generated: 130,000 is past the ~125,000 arguments `push(...list)` can take on Node's default stack.
const COUNT = 130_000;

/** A Pod with 130,000 secret volumes, in flow style (6 MB). */
function podWithVolumes(): string {
  const volumes = Array.from({ length: COUNT }, (_, i) => `{name: v${i}, secret: {secretName: s${i}}}`);
  return `# shape: Kubernetes Pod v1 (spec.volumes[].secret.secretName); written for preflight-guard
apiVersion: v1
kind: Pod
metadata: {name: big}
spec:
  containers: [{name: server, image: "vllm/vllm-openai:v0.6.0"}]
  volumes: [${volumes.join(', ')}]
`;
}

/** A typed list of 130,000 Pods, as `kubectl get pods -o yaml` prints one (items without kind). */
function podList(): string {
  const items = Array.from(
    { length: COUNT },
    (_, i) =>
      `- {metadata: {name: p${i}}, spec: {containers: [{name: c, image: "vllm/vllm-openai:v0.6.0"}]}}`,
  );
  return `# shape: Kubernetes PodList v1 (items[] of Pods); written for preflight-guard
apiVersion: v1
kind: PodList
items:
${items.join('\n')}
`;
}

const DEPLOYMENT = `# shape: Kubernetes Deployment apps/v1; written for preflight-guard
apiVersion: apps/v1
kind: Deployment
metadata: {name: small}
spec:
  template:
    spec:
      containers: [{name: app, image: "vllm/vllm-openai:v0.6.0"}]
`;

const DEEP = `# shape: Kubernetes Pod v1 with a field nested 5,000 lists deep; written for preflight-guard
apiVersion: v1
kind: Pod
metadata: {name: deep}
spec:
  containers: [{name: app, image: "vllm/vllm-openai:v0.6.0"}]
  x: ${'['.repeat(5000)}${']'.repeat(5000)}
`;

describe('inputs deep or long enough to overflow the call stack: each file is read or refused on its own, the run goes on', () => {
  it('check: a Pod with 130,000 volumes and a List of 130,000 Pods are checked; a file nested 5,000 deep is an input error (exit 2)', () => {
    const dir = tempFiles({
      'manifests/pod.yaml': podWithVolumes(),
      'manifests/pods.yaml': podList(),
      'manifests/deep.yaml': DEEP,
      'manifests/deployment.yaml': DEPLOYMENT,
    });
    const run = runCli(['check', 'manifests', '-f', 'json', '-o', 'report.json'], { cwd: dir });
    assert.doesNotMatch(run.stderr, /internal error|call stack|\n\s+at /);
    assert.equal(run.code, 2, run.stderr);
    const report: Json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    assert.equal(report.summary.files, 4);
    assert.equal(report.summary.workloads, 1 + COUNT + 1);
    // Every volume's Secret is missing from the inputs: one finding each.
    assert.equal(report.findings.filter((f: Json) => f.rule === 'secret-missing').length, COUNT);
    assert.equal(report.errors.length, 1);
    assert.match(report.errors[0].location.file, /deep\.yaml$/);
    assert.equal(report.errors[0].location.line, 7);
    assert.match(report.errors[0].message, /nested more than 256 levels deep/);
    assert.match(run.stderr, /^preflight: error: manifests\/deep\.yaml:7:\d+: maps and lists nested/m);
  });

  it('lint-prompts: 130,000 `{{ a }}` are all reported; 800 parentheses and 2,000 nested ifs are skipped with line and column (exit 2)', () => {
    const dir = tempFiles({
      'prompts/many.j2': '{{ a }}\n'.repeat(COUNT),
      'prompts/parens.j2': `{{ ${'('.repeat(800)}a${')'.repeat(800)} }}\n`,
      'prompts/ifs.j2': `${'{% if a %}'.repeat(2000)}x${'{% endif %}'.repeat(2000)}\n`,
      'prompts/ifs.hbs': `${'{{#if a}}'.repeat(2000)}x${'{{/if}}'.repeat(2000)}\n`,
      'prompts/fine.j2': 'Hello {{ name }}\n',
    });
    const run = runCli(['lint-prompts', 'prompts', '-f', 'json', '-o', 'report.json'], { cwd: dir });
    assert.doesNotMatch(run.stderr, /internal error|call stack|\n\s+at /);
    assert.equal(run.code, 2, run.stderr);
    const skipped = run.stderr.split('\n').filter((line) => line.startsWith('preflight: skipped'));
    assert.deepEqual(
      skipped.map((line) => line.replace(/: template nested more than 100 levels deep.*/, '')).sort(),
      [
        'preflight: skipped prompts/ifs.hbs:1:901',
        'preflight: skipped prompts/ifs.j2:1:1001',
        'preflight: skipped prompts/parens.j2:1:104',
      ],
    );
    const report: Json = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    // The machine formats keep the position in the location, not in the message.
    const ifs = report.errors.find((error: Json) => error.location.file === 'prompts/ifs.j2');
    assert.deepEqual([ifs.location.line, ifs.location.column], [1, 1001]);
    assert.match(ifs.message, /^template nested more than 100 levels deep/);
    const byFile = (name: string) =>
      report.findings.filter((f: Json) => f.location.file === `prompts/${name}`).length;
    assert.equal(byFile('many.j2'), COUNT);
    assert.equal(byFile('fine.j2'), 1);
  });
});
