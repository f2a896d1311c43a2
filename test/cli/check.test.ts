import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

const EXAMPLE = ['--config', 'examples/llm-k8s/preflight.yaml'];

describe('preflight check on the bundled example', () => {
  it("blocks the failing variant on the seed's tokenizer skew, the missing secret and the env typo (exit 1)", () => {
    const run = runCli(['check', 'examples/llm-k8s/failing', ...EXAMPLE]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(
      run.stdout,
      /✖ tokenizer_sha MISMATCH: model card meta-llama\/Llama-3\.1-8B-Instruct declares ad4c1b9, env TOKENIZER_SHA says 9e7f02d/,
    );
    assert.match(run.stdout, /declared \.+ ad4c1b9/);
    assert.match(run.stdout, /effective \.+ 9e7f02d {2}\(env TOKENIZER_SHA\)/);
    assert.match(run.stdout, /at examples\/llm-k8s\/failing\/llm-server\.yaml:\d+:\d+/);
    assert.match(run.stdout, /OPEN_API_KEY.*OPENAI_API_KEY/);
    assert.match(
      run.stdout,
      /✖ env HF_TOKEN ← secret hf-token key token \(env\[\]\.valueFrom\.secretKeyRef\) is not provided: no Secret "hf-token" in namespace llm, and it is not listed in secrets\.external {2}secret-missing\n {6}declared \.+ hf-token key token\n {6}effective \.+ not provided\n {6}at examples\/llm-k8s\/failing\/llm-server\.yaml:38:19\n/,
    );
    assert.match(run.stdout, /✔ secret openai key api-key \.+ secrets\.external {2}\(env OPEN_API_KEY\)/);
    assert.match(run.stdout, /✔ runtime\.cuda \.+ 12\.1/);
    assert.match(
      run.stdout,
      /→ Aborting deploy \(3 blocking findings: model-card-skew, secret-missing, env-var-typo\)/,
    );
    assert.ok(!run.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
    assert.equal(run.stderr, '');
  });

  it('passes the fixed variant (exit 0)', () => {
    const run = runCli(['check', 'examples/llm-k8s/passing', ...EXAMPLE]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /✔ tokenizer_sha \.+ ad4c1b9/);
    assert.match(run.stdout, /✔ secret hf-token key token \.+ ExternalSecret {2}\(env HF_TOKEN\)/);
    assert.match(run.stdout, /✔ secret openai key api-key \.+ secrets\.external {2}\(env OPENAI_API_KEY\)/);
    assert.match(run.stdout, /0 blocking findings/);
    assert.match(run.stdout, /→ Safe to deploy\./);
  });

  it('prints the JSON contract', () => {
    const run = runCli(['check', 'examples/llm-k8s/failing', ...EXAMPLE, '--format', 'json']);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), ['findings', 'errors', 'summary']);
    const skew = report.findings.find((finding: { rule: string }) => finding.rule === 'model-card-skew');
    assert.deepEqual(
      { declared: skew.declared, effective: skew.effective, source: skew.source, severity: skew.severity },
      { declared: 'ad4c1b9', effective: '9e7f02d', source: 'env TOKENIZER_SHA', severity: 'error' },
    );
    assert.equal(skew.target, 'Deployment/llm/llm-server container vllm');
    assert.equal(skew.location.file, 'examples/llm-k8s/failing/llm-server.yaml');
    const secret = report.findings.find((finding: { rule: string }) => finding.rule === 'secret-missing');
    assert.deepEqual(
      { target: secret.target, declared: secret.declared, line: secret.location.line },
      { target: 'Deployment/llm/llm-server container vllm', declared: 'hf-token key token', line: 38 },
    );
    assert.equal(report.summary.errors, 3);
  });

  it('prints SARIF and GitHub workflow commands', () => {
    const sarif = JSON.parse(
      runCli(['check', 'examples/llm-k8s/failing', ...EXAMPLE, '--format', 'sarif']).stdout,
    );
    assert.equal(sarif.version, '2.1.0');
    assert.ok(
      sarif.runs[0].results.some((result: { ruleId: string }) => result.ruleId === 'model-card-skew'),
    );
    const github = runCli(['check', 'examples/llm-k8s/failing', ...EXAMPLE, '--format', 'github']);
    assert.equal(github.code, 1);
    assert.match(github.stdout, /^::error file=examples\/llm-k8s\/failing\/llm-server\.yaml,line=\d+/m);
  });

  it('colours only when asked, and NO_COLOR wins over a terminal', () => {
    const forced = runCli(['check', 'examples/llm-k8s/passing', ...EXAMPLE], { env: { FORCE_COLOR: '1' } });
    assert.ok(forced.stdout.includes('\u001b[32m✔'), 'green ticks');
    const plain = runCli(['check', 'examples/llm-k8s/passing', ...EXAMPLE], { env: { NO_COLOR: '1' } });
    assert.ok(!plain.stdout.includes('\u001b['), 'no colour');
  });

  it('applies an override with its reason and lets the deploy through', () => {
    const dir = tempFiles({
      'preflight.yaml': [
        'model_cards: [card.json]',
        'overrides:',
        '  - rule: model-card-skew',
        '    reason: canary of the retrained tokenizer, INC-4512',
        "    expires: '2099-01-01'",
      ].join('\n'),
      'card.json': JSON.stringify({ tokenizer_sha: 'ad4c1b9', image: { repository: 'ghcr.io/acme/llm' } }),
      'k8s.yaml': podWith('ghcr.io/acme/llm:1', '- { name: TOKENIZER_SHA, value: 9e7f02d }'),
    });
    const run = runCli(['check', 'k8s.yaml'], { cwd: dir });
    assert.equal(run.code, 0, run.stdout);
    assert.match(
      run.stdout,
      /⚠ tokenizer_sha MISMATCH.*\[overridden: canary of the retrained tokenizer, INC-4512; until 2099-01-01\]/,
    );
  });

  it('writes --output atomically and only on success', () => {
    const dir = tempFiles({});
    const out = join(dir, 'report.sarif');
    const run = runCli([
      'check',
      'examples/llm-k8s/failing',
      ...EXAMPLE,
      '--format',
      'sarif',
      '--output',
      out,
    ]);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).version, '2.1.0');
  });
});

describe('preflight check: secrets of an ECS task definition (cdk synth output)', () => {
  const ASSEMBLY = 'test/fixtures/workloads/cfn/cloud-assembly';

  it('accepts a Ref to a secret of the stack and reports the others, ARNs and names only', () => {
    const run = runCli(['check', ASSEMBLY]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /✔ secret ml\/hf-token \.+ AWS::SecretsManager::Secret {2}\(env HF_TOKEN\)/);
    assert.match(
      run.stdout,
      /✖ env OPENAI_API_KEY ← secret ml\/openai-key \(secrets\[\]\.valueFrom\) is not provided: no Secrets Manager secret "ml\/openai-key" in these inputs, and it is not listed in secrets\.external {2}secret-missing\n {6}declared \.+ arn:\$\{AWS::Partition\}:secretsmanager:\$\{AWS::Region\}:\$\{AWS::AccountId\}:secret:ml\/openai-key\n/,
    );
    assert.match(run.stdout, /6 blocking findings: secret-missing, env-var-typo/);
  });

  it('lets secrets.external name what exists outside the stack, by name, suffixed ARN or SSM path', () => {
    const dir = tempFiles({
      'preflight.yaml': [
        'secrets:',
        '  external:',
        '    - ml/openai-key',
        '    - /ml/wandb-key',
        '    - ml/db',
        '    - arn:aws:ssm:us-east-1:123456789012:parameter/ml/splunk-token',
        '    - dockerhub-creds',
        'env: { known: [AWS_REGION_NAME] }',
      ].join('\n'),
    });
    const run = runCli(['check', ASSEMBLY, '--config', join(dir, 'preflight.yaml')]);
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.stdout.match(/\.\. secrets\.external/g)?.length, 5);
    assert.match(
      run.stdout,
      /✔ secret ml\/db-AbCdEf key password \.+ secrets\.external {2}\(env DB_PASSWORD\)/,
    );
  });
});

function podWith(image: string, env: string): string {
  return [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: { name: p, namespace: llm }',
    'spec:',
    '  containers:',
    '    - name: app',
    `      image: ${image}`,
    '      env:',
    `        ${env}`,
    '',
  ].join('\n');
}

describe('preflight check on an invalid image reference', () => {
  it('reports it as an image-unresolved error at the image and checks the rest (exit 1, not 2)', () => {
    const dir = tempFiles({
      'k8s.yaml': podWith('ghcr.io/Acme/LLM:1', '- { name: OPEN_API_KEY, value: b }'),
    });
    const run = runCli(['check', 'k8s.yaml'], { cwd: dir });
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /invalid image reference "ghcr\.io\/Acme\/LLM:1".*image-unresolved/);
    assert.match(run.stdout, /at k8s\.yaml:7:14/);
    assert.match(run.stdout, /OPEN_API_KEY/);
    assert.equal(run.stderr, '');
  });
});

describe('preflight check on bad input: exit 2, what and where, no stack', () => {
  // An input file the run cannot read is reported in the report (and on standard error), and the run goes on.
  const fileCases: [string, Record<string, string | Buffer>, string[], RegExp][] = [
    ['malformed YAML', { 'k8s.yaml': 'kind: Pod\nspec: [a, b\n' }, ['k8s.yaml'], /k8s\.yaml:\d+:\d+: /],
    [
      'a YAML alias bomb',
      {
        'k8s.yaml':
          'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n',
      },
      ['k8s.yaml'],
      /k8s\.yaml:1:1: too many YAML aliases/,
    ],
    [
      'a binary file',
      { 'k8s.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00]) },
      ['k8s.yaml'],
      /k8s\.yaml: binary file/,
    ],
    [
      'malformed JSON in a template',
      { 'template.json': '{"Resources": {,}}' },
      ['template.json'],
      /template\.json:1:\d+: /,
    ],
  ];
  for (const [what, files, args, message] of fileCases) {
    it(`${what}: reported in the report and on standard error`, () => {
      const dir = tempFiles(files);
      const run = runCli(['check', ...args, '--format', 'sarif', '--output', 'report.sarif'], { cwd: dir });
      assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, /^preflight: error: /);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(run.stdout, '');
      const log = JSON.parse(readFileSync(join(dir, 'report.sarif'), 'utf8'));
      const [notification] = log.runs[0].invocations[0].toolExecutionNotifications;
      assert.equal(notification.level, 'error');
    });
  }

  // What the run as a whole rests on (a path given, the config, the cards) stops it: nothing is written.
  const cases: [string, Record<string, string | Buffer>, string[], RegExp][] = [
    ['a path that does not exist', {}, ['missing.yaml'], /missing\.yaml/],
    [
      'an unknown config field',
      { 'preflight.yaml': 'ignore_versons: [patch]\n', 'k8s.yaml': 'a: 1\n' },
      ['k8s.yaml'],
      /preflight\.yaml:1:1: ignore_versons: unknown field "ignore_versons": did you mean "ignore_versions"\?/,
    ],
    [
      'an invalid version in a model card',
      {
        'model-card.json': '{\n  "runtime": { "cuda": "twelve" },\n  "image": { "repository": "a/b" }\n}\n',
        'k8s.yaml': 'a: 1\n',
      },
      ['.'],
      /model-card\.json:2:\d+: runtime\.cuda: invalid version "twelve"/,
    ],
  ];
  for (const [what, files, args, message] of cases) {
    it(`${what}: nothing written`, () => {
      const dir = tempFiles(files);
      const run = runCli(['check', ...args, '--format', 'sarif', '--output', 'report.sarif'], { cwd: dir });
      assert.equal(run.code, 2, `${run.stdout}\n${run.stderr}`);
      assert.match(run.stderr, /^preflight: error: /);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(run.stdout, '');
      assert.equal(existsSync(join(dir, 'report.sarif')), false, 'no report was written');
    });
  }

  it('a 50 MB file is refused before it is read', () => {
    const dir = tempFiles({});
    writeFileSync(join(dir, 'huge.yaml'), Buffer.alloc(50 * 1024 * 1024, 0x20));
    const run = runCli(['check', 'huge.yaml'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(run.stdout, /huge\.yaml: file is 50\.0 MiB, over the 16\.0 MiB limit/);
  });

  it('a run that finds no workload is an error, not a clean pass (a mistyped path, an unrendered chart)', () => {
    const dir = tempFiles({
      'chart/Chart.yaml': 'apiVersion: v2\nname: llm\nversion: 0.1.0\n',
      'chart/templates/deployment.yaml': podWith('ghcr.io/acme/llm:1', ''),
      'chart/values.yaml': 'replicas: 1\n',
    });
    const run = runCli(['check', 'chart', '--output', 'report.sarif', '--format', 'sarif'], { cwd: dir });
    assert.equal(run.code, 2, run.stdout);
    assert.match(
      run.stderr,
      /^preflight: error: no workloads found under chart \(\d+ manifest or template files? read\): nothing was checked;.*helm template/,
    );
    assert.equal(existsSync(join(dir, 'report.sarif')), false, 'no report was written');
  });

  it('the built command is executable, so npx and the bin link can run it', () => {
    assert.ok(
      statSync(join(REPO_ROOT, 'dist', 'cli', 'main.js')).mode & 0o111,
      'dist/cli/main.js has an execute bit',
    );
  });

  it('an unknown option or format is a usage error', () => {
    const option = runCli(['check', '--fromat', 'json']);
    assert.equal(option.code, 2);
    assert.match(option.stderr, /Unknown option '--fromat': did you mean --format\?/);
    const far = runCli(['check', '--frobnicate']);
    assert.equal(far.code, 2);
    assert.match(far.stderr, /Unknown option '--frobnicate'$/m, 'no hint for a name close to nothing');
    const format = runCli(['check', '--format', 'xml']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /unknown format "xml" \(expected one of: text, json, sarif, github\)/);
    assert.equal(runCli(['deploy']).code, 2);
    const day = runCli(['check', '--today', '2026-13-45']);
    assert.equal(day.code, 2);
    assert.match(day.stderr, /--today expects a date as YYYY-MM-DD, got "2026-13-45"/);
  });
});

describe('secrets never leak from preflight check', () => {
  it('keeps canary values out of every format, on success and on failure', () => {
    const canary = 'sk-canary-7f3a9c2e51d04b8b';
    const dir = tempFiles({
      'model-card.json': JSON.stringify({
        tokenizer_sha: 'ad4c1b9',
        image: { repository: 'ghcr.io/acme/llm' },
        env: { required: ['NEEDED'] },
      }),
      'k8s.yaml': [
        'apiVersion: v1',
        'kind: Secret',
        'metadata: { name: openai, namespace: llm }',
        `stringData: { api-key: ${canary} }`,
        `data: { other: ${Buffer.from(canary).toString('base64')} }`,
        '---',
        'apiVersion: v1',
        'kind: Pod',
        `metadata: { name: p, namespace: llm, annotations: { token: ${canary} } }`,
        'spec:',
        '  containers:',
        '    - name: app',
        '      image: ghcr.io/acme/llm:1',
        `      args: [--api-key, ${canary}, --model, org/m]`,
        '      env:',
        `        - { name: OPEN_API_KEY, value: ${canary} }`,
        `        - { name: OPENAI_API_KEY, value: ${canary} }`,
        `        - { name: openai_api_key, value: ${canary} }`,
        '        - { name: TOKENIZER_SHA, value: 9e7f02d }',
        '        - { name: HF_TOKEN, valueFrom: { secretKeyRef: { name: openai, key: token } } }',
        '',
      ].join('\n'),
    });
    for (const format of ['text', 'json', 'sarif', 'github']) {
      const run = runCli(['check', '.', '--format', format], {
        cwd: dir,
        env: { GITHUB_STEP_SUMMARY: join(dir, 'summary.md') },
      });
      assert.equal(run.code, 1, `${format}: ${run.stderr}`);
      assert.ok(run.stdout.length > 100, `${format} printed a report`);
      for (const text of [run.stdout, run.stderr]) {
        assert.ok(!text.includes(canary), `${format} leaked the canary`);
        assert.ok(
          !text.includes(Buffer.from(canary).toString('base64')),
          `${format} leaked the encoded canary`,
        );
      }
    }
    assert.ok(
      !readFileSync(join(dir, 'summary.md'), 'utf8').includes(canary),
      'step summary leaked the canary',
    );
  });
});
