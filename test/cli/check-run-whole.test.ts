import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sarifSchemaErrors } from '../core/format/sarif-schema';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// biome-ignore lint/suspicious/noExplicitAny: tests read untyped JSON reports
type Json = any;

/** One good Deployment beside a broken upstream YAML file, a JSON file with a trailing comma, and a template using `!If`. */
const FOLDER = 'test/fixtures/run/keep-going';
const YAML_ERROR = /upstream-broken\.yaml:10:1: /;
const JSON_ERROR = /dashboard\.json:6:23: /;

/**
 * The template's `ResourceRequirements: !If [...]` is valid CloudFormation: once read as such, its task
 * definition is checked; until then it is an input error at its position. Either way the run goes on.
 */
function templateReadOrReported(report: string): boolean {
  return /batch-gpu\.yaml:21:13/.test(report) || /TrainJob/.test(report);
}

describe('preflight check on a folder with unreadable files: every other file is still checked (exit 2)', () => {
  it('text: the findings of the good file, then each input error with file:line:col, then the verdict', () => {
    const run = runCli(['check', FOLDER]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /✖ env OPEN_API_KEY is not a known name; did you mean OPENAI_API_KEY\?/);
    const errors = run.stdout.slice(run.stdout.indexOf('not checked:'));
    assert.match(errors, /^not checked: [23] input errors\n/);
    assert.match(errors, YAML_ERROR);
    assert.match(errors, JSON_ERROR);
    assert.ok(templateReadOrReported(run.stdout), run.stdout);
    assert.ok(
      run.stdout.indexOf('not checked:') > run.stdout.indexOf('env-var-typo'),
      'input errors come after the findings',
    );
    assert.match(run.stdout, /→ Aborting deploy \(1 blocking finding: env-var-typo; and [23] input errors\)/);
    assert.doesNotMatch(run.stdout, /Safe to deploy/);
    assert.equal(run.stderr, '', 'a text report on standard output is not repeated on standard error');
  });

  it('JSON: an errors list beside the findings, and the counts of what was checked', () => {
    const run = runCli(['check', FOLDER, '--format', 'json']);
    assert.equal(run.code, 2);
    const report: Json = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), ['findings', 'errors', 'summary']);
    assert.ok(report.findings.some((finding: Json) => finding.rule === 'env-var-typo'));
    const broken = report.errors.find((error: Json) => error.location.file.endsWith('upstream-broken.yaml'));
    assert.deepEqual({ line: broken.location.line, column: broken.location.column }, { line: 10, column: 1 });
    assert.match(broken.message, /Sequence item without - indicator/);
    assert.ok(report.errors.some((error: Json) => error.location.file.endsWith('dashboard.json')));
    assert.equal(report.summary.files, 4);
    assert.equal(report.summary.input_errors, report.errors.length);
    assert.match(run.stderr, /^preflight: error: .*upstream-broken\.yaml:10:1: /m);
  });

  it('SARIF: input errors are tool execution notifications, and the log stays valid', () => {
    const run = runCli(['check', FOLDER, '--format', 'sarif']);
    assert.equal(run.code, 2);
    const log: Json = JSON.parse(run.stdout);
    assert.deepEqual(sarifSchemaErrors()(log), []);
    const [invocation] = log.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    const notes = invocation.toolExecutionNotifications;
    const broken = notes.find((note: Json) =>
      note.locations[0].physicalLocation.artifactLocation.uri.endsWith('upstream-broken.yaml'),
    );
    assert.equal(broken.level, 'error');
    assert.deepEqual(broken.locations[0].physicalLocation.region, { startLine: 10, startColumn: 1 });
    assert.ok(log.runs[0].results.some((result: Json) => result.ruleId === 'env-var-typo'));
  });

  it('github: an error workflow command per input error, beside the finding annotations', () => {
    const run = runCli(['check', FOLDER, '--format', 'github']);
    assert.equal(run.code, 2);
    assert.match(
      run.stdout,
      /^::error file=test\/fixtures\/run\/keep-going\/upstream-broken\.yaml,line=10,col=1,title=input error::Sequence item/m,
    );
    assert.match(
      run.stdout,
      /^::error file=test\/fixtures\/run\/keep-going\/dashboard\.json,line=6,col=23,/m,
    );
    assert.match(run.stdout, /^::error file=.*llm-server\.yaml,.*title=env-var-typo::/m);
    assert.match(run.stdout, /input errors?$/m);
  });

  it('--output: the report is written with the input errors in it', () => {
    const dir = tempFiles({});
    const out = join(dir, 'report.json');
    const run = runCli(['check', FOLDER, '--format', 'json', '--output', out]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.ok(JSON.parse(readFileSync(out, 'utf8')).errors.length >= 2);
    assert.match(run.stderr, /dashboard\.json:6:23: /);
  });

  it('an invalid image reference is an image-unresolved error at the image; the other containers are checked', () => {
    const dir = tempFiles({
      'deploy.yaml': [
        '# shape: Kubernetes apps/v1 Deployment with a placeholder image left unrendered; written for preflight-guard',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: { name: api, namespace: llm }',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        '        - name: api',
        '          image: $IMAGE_URL',
        '        - name: proxy',
        '          image: envoyproxy/envoy:v1.31.0',
        '          env: [{ name: OPEN_API_KEY, value: x }]',
        '',
      ].join('\n'),
    });
    const run = runCli(['check', 'deploy.yaml'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /invalid image reference "\$IMAGE_URL".*image-unresolved/);
    assert.match(run.stdout, /at deploy\.yaml:10:18/);
    assert.match(run.stdout, /env OPEN_API_KEY is not a known name/);
  });

  it('a folder whose only unreadable file may have held the workloads reports that file, not "no workloads found"', () => {
    const run = runCli(['check', join(FOLDER, 'upstream-broken.yaml'), join(FOLDER, 'dashboard.json')]);
    assert.equal(run.code, 2);
    assert.match(run.stdout, YAML_ERROR);
    assert.doesNotMatch(run.stdout + run.stderr, /no workloads found/);
  });
});

describe('preflight check -: standard input', () => {
  const manifest = readFileSync(join(FOLDER, 'llm-server.yaml'), 'utf8');

  it('reads a rendered stream (helm template … | preflight check -), located as <stdin>', () => {
    const run = runCli(['check', '-', '--format', 'json'], { input: `---\n${manifest}` });
    assert.equal(run.code, 1, run.stderr);
    const report: Json = JSON.parse(run.stdout);
    const typo = report.findings.find((finding: Json) => finding.rule === 'env-var-typo');
    assert.deepEqual(typo.location, { file: '<stdin>', line: 21, column: 15 });
    assert.equal(report.summary.files, 1);
  });

  it('reads standard input beside files, and a broken stream is an input error at <stdin>:line:col', () => {
    const run = runCli(['check', '-', join(FOLDER, 'llm-server.yaml')], {
      input: 'kind: Pod\nspec: [a, b\n',
    });
    assert.equal(run.code, 2);
    assert.match(run.stdout, /✖ <stdin>:\d+:\d+: /);
    assert.match(run.stdout, /env-var-typo/);
  });

  it('caps standard input at the size limit of input files', () => {
    const run = runCli(['check', '-'], { input: Buffer.alloc(17 * 1024 * 1024, 0x20) });
    assert.equal(run.code, 2);
    assert.match(run.stdout, /<stdin>: input is over the 16\.0 MiB limit for input files/);
  });

  it('empty standard input checks nothing: an error, not a clean pass', () => {
    const run = runCli(['check', '-'], { input: '' });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /no workloads found/);
  });
});

describe('preflight check says what was checked', () => {
  it('JSON summary counts files, workloads, containers and passed checks', () => {
    const run = runCli([
      'check',
      'examples/llm-k8s/passing',
      '--config',
      'examples/llm-k8s/preflight.yaml',
      '--format',
      'json',
    ]);
    assert.equal(run.code, 0, run.stdout);
    const { summary } = JSON.parse(run.stdout);
    assert.equal(summary.files, 2);
    assert.equal(summary.workloads, 1);
    assert.equal(summary.containers, 2, 'the server and the runtime probe');
    assert.ok(summary.passed >= 5, `passed: ${summary.passed}`);
    assert.deepEqual(JSON.parse(run.stdout).errors, []);
  });
});
