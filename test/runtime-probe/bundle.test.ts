import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bundleProbe } from '../../runtime-probe/bundle';
import { fakeNvidiaSmi, fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import { nvidiaFixture } from '../harness/nvidia-fixtures';
import { logLine, runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

/** The bundle copied alone into an empty folder: no node_modules anywhere above it to fall back on. */
let probe: string;
let built: string;

describe('the single-file probe bundle', () => {
  // Made here rather than with tempFiles, whose clean-up would run as soon as this hook ends.
  const buildDir = mkdtempSync(join(tmpdir(), 'preflight-bundle-'));
  const alone = mkdtempSync(join(tmpdir(), 'preflight-alone-'));
  after(() => {
    rmSync(buildDir, { recursive: true, force: true });
    rmSync(alone, { recursive: true, force: true });
  });

  before(async () => {
    built = await bundleProbe(buildDir);
    probe = join(alone, 'preflight-probe.js');
    copyFileSync(built, probe);
  });

  const run = (args: string[], env: Record<string, string> = {}) => {
    const dir = join(probe, '..');
    return runProbeCli(args, { script: probe, cwd: dir, env });
  };

  it('is one file, with the env wrapper beside it, and requires nothing but Node built-ins', () => {
    assert.deepEqual(readdirSync(join(built, '..')).sort(), ['preflight-probe.js', 'with-preflight-env']);
    assert.equal(
      statSync(join(built, '..', 'with-preflight-env')).mode & 0o111,
      0o111,
      'the wrapper is executable',
    );
    const code = readFileSync(probe, 'utf8');
    // Deferred packages sit in the file as strings of code, their quotes escaped.
    const required = [...code.matchAll(/require\(\\?"([^"\\]+)\\?"\)/g)].map((match) => match[1]!);
    // Ajv's code generator holds `require("ajv/dist/runtime/...")` as text for standalone output; it never runs here.
    const outside = required.filter(
      (name) => !builtinModules.includes(name.replace(/^node:/, '')) && !name.startsWith('ajv/dist/runtime/'),
    );
    assert.deepEqual([...new Set(outside)], []);
  });

  it('runs the CUDA probe with plain node', () => {
    const result = run([
      'cuda',
      '--root',
      fakeRoot({ sys: '590.48.01\n' }),
      '--require-cuda',
      '12.4',
      '--mode',
      'strict',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(logLine(result).verdict, 'compatible');
  });

  it('runs nvidia-smi under its timeout from the bundle', () => {
    const smi = fakeNvidiaSmi(nvidiaFixture('smi-table__610.57.04__rtx-2080-super.txt'));
    const out = tempFiles({});
    const result = run([
      'cuda',
      '--root',
      fakeRoot({ devices: ONE_GPU }),
      '--nvidia-smi',
      smi.path,
      '--require-cuda',
      '13.4',
      '--env-file',
      join(out, 'env'),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      { driver: logLine(result).driver, verdict: logLine(result).verdict },
      { driver: '610.57.04', verdict: 'minor-version-compatible' },
    );
    assert.match(readFileSync(join(out, 'env'), 'utf8'), /PREFLIGHT_DEVICE='gpu'/);
  });

  it('runs the secret checkpoint and the model check (schema validation included)', () => {
    assert.equal(run(['secrets', '--require', 'HF_TOKEN'], { HF_TOKEN: 'x' }).code, 0);
    const dir = tempFiles({ 'card.json': '{"image": {"repository": ""}}', 'model/config.json': '{}' });
    const bad = run(['model', join(dir, 'model'), '--model-card', join(dir, 'card.json')]);
    assert.equal(bad.code, 2);
    assert.match(
      bad.stderr,
      /^preflight probe: error: .*card\.json:1:\d+: image\.repository: must not be empty/,
    );
    // A valid card loads the YAML parser (positions), Ajv and semver (runtime versions), all deferred.
    const card = join(dir, 'good.json');
    writeFileSync(
      card,
      JSON.stringify({ image: { repository: 'ghcr.io/acme/llm' }, runtime: { cuda: '12.1' } }),
    );
    const good = run(['model', join(dir, 'model'), '--model-card', card]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stderr, /declares no file hashes/);
  });

  it('answers --help and refuses an unknown check with exit 2', () => {
    assert.match(run(['--help']).stdout, /^Usage: preflight probe <cuda\|secrets\|model>/);
    assert.match(run(['cuda', '--help']).stdout, /^Usage: preflight probe cuda/);
    const unknown = run(['gpu']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown check "gpu" \(expected one of: cuda, secrets, model\)/);
  });
});
