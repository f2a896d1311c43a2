import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT, runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

/** Node before 22.8 has no compile cache: the tests of its failures could not fail there. */
const NO_COMPILE_CACHE =
  !(require('node:module') as { enableCompileCache?: unknown }).enableCompileCache &&
  `Node ${process.version} has no module.enableCompileCache`;

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');
const PRELOAD = join(__dirname, '..', 'harness', 'loaded-modules.cjs');

interface Loaded {
  code: number | null;
  stdout: string;
  builtins: string[];
  packages: string[];
}

/** Runs the built CLI as a user would, and reports what it loaded (no timing: the modules themselves). */
function loadedBy(args: string[], cwd: string, env: Record<string, string> = {}): Loaded {
  const run = spawnSync(process.execPath, ['--require', PRELOAD, CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const { builtins, packages } = JSON.parse(run.output[3] as unknown as string) as Loaded;
  return { code: run.status, stdout: run.stdout, builtins, packages };
}

const usesPackage = (loaded: Loaded, name: string) =>
  loaded.packages.some((file) => file.includes(`/node_modules/${name}/`));

const project = () =>
  tempFiles({
    'pod.yaml':
      '# shape: Kubernetes Pod v1 (kubernetes.io docs, spec.containers[].image); written for preflight-guard\napiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: web, image: nginx:1.27 }]\n',
    'preflight.yaml': 'secret_timeout: 90s\n',
    'greeting.jinja': 'Hello {{ name }}, you asked: {{ question }}\n',
  });

describe('start-up: each command loads only what its run uses', () => {
  it('check of a manifest with a config loads no registry client, no crypto, no RE2, no template engine', () => {
    const loaded = loadedBy(['check', 'pod.yaml', '--config', 'preflight.yaml'], project());
    assert.equal(loaded.code, 0, loaded.stdout);
    for (const builtin of ['https', 'http', 'tls', 'crypto']) {
      assert.ok(!loaded.builtins.includes(builtin), `check loaded node:${builtin}`);
    }
    for (const name of ['re2js', 'nunjucks', 'handlebars', '@huggingface/jinja', '@pulumi/pulumi']) {
      assert.ok(!usesPackage(loaded, name), `check loaded ${name}`);
    }
  });

  it('check loads the registry client when the registry is asked for, and crypto for SARIF fingerprints', () => {
    const dir = project();
    const registry = loadedBy(
      ['check', 'pod.yaml', '--offline', '--registry-cache', join(dir, 'cache')],
      dir,
    );
    assert.ok(registry.builtins.includes('https'), 'the registry client was not loaded under --offline');
    const sarif = loadedBy(['check', 'pod.yaml', '--format', 'sarif'], dir);
    assert.equal(sarif.code, 0, sarif.stdout);
    assert.ok(sarif.builtins.includes('crypto'), 'SARIF fingerprints without node:crypto');
  });

  it('lint-prompts of one Jinja file loads no RE2 (built-in dialect globs), no crypto, no template engine', () => {
    const loaded = loadedBy(['lint-prompts', 'greeting.jinja'], project());
    assert.equal(loaded.code, 1, loaded.stdout);
    assert.match(loaded.stdout, /"name" is not declared in prompt_vars\.yaml/);
    assert.ok(!loaded.builtins.includes('crypto'), 'lint-prompts loaded node:crypto');
    for (const name of ['re2js', 'nunjucks', 'handlebars', '@huggingface/jinja']) {
      assert.ok(!usesPackage(loaded, name), `lint-prompts loaded ${name}`);
    }
  });

  it('a compile cache Node cannot create fails nothing: same output, same exit code', {
    skip: NO_COMPILE_CACHE,
  }, () => {
    const dir = project();
    const args = ['check', 'pod.yaml', '--config', 'preflight.yaml'];
    // TMPDIR a file: os.tmpdir()/node-compile-cache cannot be made (Node ≥ 22.8 tries; older Nodes skip it).
    const unusable = loadedBy(args, dir, { TMPDIR: join(dir, 'pod.yaml'), NODE_COMPILE_CACHE: '' });
    const off = loadedBy(args, dir, { NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(unusable.code, 0);
    assert.equal(unusable.stdout, off.stdout);
  });

  // Node's recursive mkdir of os.tmpdir()/node-compile-cache spins forever under /proc (mkdir answers
  // ENOENT there though /proc exists). The kill timeout is the hang guard: a killed run has code null.
  it('a TMPDIR under /proc: the run is not held up by its compile cache', {
    skip: NO_COMPILE_CACHE || (!existsSync('/proc/self') && 'no procfs here'),
  }, () => {
    const dir = project();
    const args = ['check', 'pod.yaml', '--config', 'preflight.yaml'];
    const env = { TMPDIR: '/proc/preflight-nope', NODE_COMPILE_CACHE: undefined };
    const underProc = runCli(args, { cwd: dir, env, killAfterMs: 30_000 });
    const off = runCli(args, { cwd: dir, env: { NODE_DISABLE_COMPILE_CACHE: '1' } });
    assert.equal(underProc.code, 0, underProc.stderr);
    assert.equal(underProc.stdout, off.stdout);
    assert.equal(underProc.stderr, '');
  });
});
