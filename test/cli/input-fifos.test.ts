import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type CliRun, REPO_ROOT, runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// Opening a FIFO for reading waits for a writer: before the one reader, each of these runs hung until
// killed. The kill is only a guard for that old behaviour; nothing here measures time.
const KILL_AFTER_MS = 60_000;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: llm }
spec:
  template:
    spec:
      containers:
        - name: server
          image: ghcr.io/acme/llm:1.0
`;

function mkfifo(path: string): string {
  execFileSync('mkfifo', [path]);
  return path;
}

function run(args: string[], cwd: string): CliRun {
  return runCli(args, { cwd, killAfterMs: KILL_AFTER_MS });
}

/** Exit 2 and one line naming the FIFO; `code` is null when the guard had to kill a hung run. */
function assertRefused(result: CliRun, name: string, what = '') {
  assert.equal(result.code, 2, `exit code (null: killed while hanging)\n${result.stderr}`);
  // A text report lists unreadable inputs on stdout; the other errors go to stderr.
  const said = result.stdout + result.stderr;
  assert.match(said, new RegExp(`${name}: ${what}is a FIFO \\(named pipe\\), expected a regular file`));
  assert.doesNotMatch(said, /internal error|\n\s+at /);
}

describe('an input that is a FIFO is refused at once, naming it, never waited on', () => {
  it('a manifest', () => {
    const dir = tempFiles({});
    mkfifo(join(dir, 'deployment.yaml'));
    assertRefused(run(['check', 'deployment.yaml'], dir), 'deployment.yaml');
  });

  it('--config', () => {
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    mkfifo(join(dir, 'preflight.yaml'));
    assertRefused(run(['check', 'deployment.yaml', '--config', 'preflight.yaml'], dir), 'preflight.yaml');
  });

  it('a model card given with -m', () => {
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    mkfifo(join(dir, 'model-card.json'));
    assertRefused(run(['check', 'deployment.yaml', '-m', 'model-card.json'], dir), 'model-card.json');
  });

  it("a model card listed in preflight.yaml's model_cards", () => {
    const dir = tempFiles({
      'deployment.yaml': DEPLOYMENT,
      'preflight.yaml': 'model_cards: [cards/llm.json]\n',
    });
    mkdirSync(join(dir, 'cards'));
    mkfifo(join(dir, 'cards', 'llm.json'));
    assertRefused(run(['check', 'deployment.yaml', '--config', 'preflight.yaml'], dir), 'cards/llm.json');
  });

  it('the prompt variables file given with --vars', () => {
    const dir = tempFiles({ 'prompts/system.txt': 'You answer in {{language}}.\n' });
    mkfifo(join(dir, 'prompt_vars.yaml'));
    assertRefused(run(['lint-prompts', 'prompts', '--vars', 'prompt_vars.yaml'], dir), 'prompt_vars.yaml');
  });

  it('a prompt file named on the command line', () => {
    const dir = tempFiles({});
    mkfifo(join(dir, 'system.j2'));
    assertRefused(run(['lint-prompts', 'system.j2'], dir), 'system.j2');
  });

  it('a tokenizer file that preflight probe model hashes', () => {
    const dir = tempFiles({
      'model-card.json': JSON.stringify({
        model: { id: 'meta-llama/Llama-3.1-8B-Instruct' },
        image: { repository: 'ghcr.io/acme/llm' },
        tokenizer: {
          files: { 'tokenizer.json': { sha256: createHash('sha256').update('{}').digest('hex') } },
        },
      }),
    });
    mkdirSync(join(dir, 'model'));
    mkfifo(join(dir, 'model', 'tokenizer.json'));
    assertRefused(
      run(['probe', 'model', 'model', '--model-card', 'model-card.json'], dir),
      'tokenizer.json',
      'tokenizer file tokenizer.json ',
    );
  });

  it("the probe's sys/module/nvidia/version: the driver is unknown, the FIFO named in the reason", () => {
    const root = tempFiles({});
    mkdirSync(join(root, 'sys/module/nvidia'), { recursive: true });
    mkfifo(join(root, 'sys/module/nvidia/version'));
    const result = run(['probe', 'cuda', '--root', root, '--require-cuda', '12.4', '--mode', 'warn'], root);
    assert.notEqual(result.code, null, 'killed while hanging');
    const said = result.stdout + result.stderr;
    assert.match(said, /"verdict":"unknown"/);
    assert.match(said, /sys\/module\/nvidia\/version is there but gives no driver version \(is a FIFO/);
  });

  it('a registry cache entry: a cache miss, the run goes on', () => {
    const cache = tempFiles({});
    mkdirSync(join(cache, 'tags'));
    mkdirSync(join(cache, 'blobs'));
    const key = createHash('sha256').update('ghcr.io/acme/llm:1.0').digest('hex');
    mkfifo(join(cache, 'tags', `${key}.json`));
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    const result = run(['check', 'deployment.yaml', '--offline', '--registry-cache', cache], dir);
    assert.equal(result.code, 0, `exit code (null: killed while hanging)\n${result.stderr}`);
    assert.match(result.stdout, /tag 1\.0 is not in the registry cache \(offline\)/);
  });
});

describe("a pipe the user's own shell hands over is read, as `-` is", () => {
  const cli = join(REPO_ROOT, 'dist', 'cli', 'main.js');

  it('process substitution: check <(cat deployment.yaml) reads /dev/fd/N', () => {
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    const stdout = execFileSync(
      'bash',
      ['-c', `"${process.execPath}" "${cli}" check <(cat deployment.yaml) --format json`],
      { cwd: dir, encoding: 'utf8', timeout: KILL_AFTER_MS },
    );
    const report = JSON.parse(stdout);
    assert.equal(report.summary.workloads, 1);
    assert.deepEqual(report.errors, []);
  });

  it('/dev/stdin fed by a pipe', () => {
    const dir = tempFiles({ 'deployment.yaml': DEPLOYMENT });
    const stdout = execFileSync(
      'bash',
      ['-c', `cat deployment.yaml | "${process.execPath}" "${cli}" check /dev/stdin --format json`],
      { cwd: dir, encoding: 'utf8', timeout: KILL_AFTER_MS },
    );
    assert.equal(JSON.parse(stdout).summary.workloads, 1);
  });
});
