import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fakeNvidiaSmi, fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import { nvidiaFixture } from '../harness/nvidia-fixtures';
import { logLine, runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

const H200_TABLE = () => nvidiaFixture('smi-table__590.48.01__h200.txt');

/** A host whose /sys says 535.183.01 (CUDA ≤ 12.2). */
const r535 = () => fakeRoot({ sys: '535.183.01\n', devices: ONE_GPU });

/** Runs `preflight probe cuda` and reads back what it wrote. */
function probeCuda(args: string[], env: Record<string, string | undefined> = {}) {
  const out = tempFiles({});
  const envFile = join(out, 'env');
  const statusFile = join(out, 'status.json');
  const run = runProbeCli(['cuda', '--env-file', envFile, '--status-file', statusFile, ...args], { env });
  return {
    ...run,
    envFile: existsSync(envFile) ? readFileSync(envFile, 'utf8') : undefined,
    status: existsSync(statusFile)
      ? (JSON.parse(readFileSync(statusFile, 'utf8')) as Record<string, unknown>)
      : undefined,
    out,
  };
}

describe('preflight probe cuda: modes', () => {
  it('fallback: writes CPU safe mode, a reason and the status, exits 0', () => {
    const run = probeCuda(['--root', r535(), '--require-cuda', '13.0', '--mode', 'fallback']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.envFile!, /^export CUDA_VISIBLE_DEVICES=''$/m);
    assert.match(run.envFile!, /^export PREFLIGHT_DEVICE='cpu'$/m);
    assert.match(run.envFile!, /^export PREFLIGHT_CUDA_VERDICT='incompatible'$/m);
    assert.match(
      run.envFile!,
      /^export PREFLIGHT_REASON='driver 535\.183\.01 supports CUDA up to 12\.2; the app needs 13\.0'$/m,
    );
    assert.deepEqual(
      pick(run.status!, ['driver', 'max_cuda', 'required_cuda', 'required_source', 'verdict', 'action']),
      {
        driver: '535.183.01',
        max_cuda: '12.2',
        required_cuda: '13.0',
        required_source: '--require-cuda',
        verdict: 'incompatible',
        action: 'cpu-fallback',
      },
    );
    assert.match(run.status!.driver_source as string, /\/sys\/module\/nvidia\/version$/);
    assert.equal(typeof run.status!.elapsed_ms, 'number');
    assert.deepEqual(logLine(run), run.status, 'the log line is the status document');
    assert.match(
      run.stderr,
      /^preflight probe cuda: ✖ incompatible: .* → CPU safe mode: CUDA_VISIBLE_DEVICES= written to /,
    );
    assert.equal(run.stderr.trim().split('\n').length, 1, 'one human line');
  });

  it('strict: exits 1 on an incompatible driver and on no driver, 0 on a compatible one', () => {
    assert.equal(probeCuda(['--root', r535(), '--require-cuda', '13.0', '--mode', 'strict']).code, 1);
    const none = probeCuda(['--root', fakeRoot({}), '--require-cuda', '12.1', '--mode', 'strict']);
    assert.equal(none.code, 1);
    assert.equal(none.status!.verdict, 'no-driver');
    assert.doesNotMatch(none.envFile!, /CUDA_VISIBLE_DEVICES/, 'strict never hides the GPU: it stops');
    const ok = probeCuda(['--root', r535(), '--require-cuda', '12.2', '--mode', 'strict']);
    assert.equal(ok.code, 0);
    assert.match(ok.envFile!, /^export PREFLIGHT_DEVICE='gpu'$/m);
    assert.match(ok.stderr, /✔ compatible: .* → GPU kept/);
  });

  it('warn: only logs', () => {
    const run = probeCuda(['--root', r535(), '--require-cuda', '13.0', '--mode', 'warn']);
    assert.equal(run.code, 0);
    assert.doesNotMatch(run.envFile!, /CUDA_VISIBLE_DEVICES/);
    assert.equal(run.status!.action, 'warn');
    assert.match(run.stderr, /✖ incompatible: .* → GPU kept, with this warning/);
  });

  it('minor-version compatibility runs, with a warning, in every mode', () => {
    const run = probeCuda(['--root', r535(), '--require-cuda', '12.4', '--mode', 'strict']);
    assert.equal(run.code, 0);
    assert.equal(run.status!.verdict, 'minor-version-compatible');
    assert.match(run.stderr, /⚠ minor-version-compatible: .*without PTX JIT/);
  });

  it('off: reads nothing and changes nothing', () => {
    const smi = fakeNvidiaSmi(H200_TABLE());
    const run = probeCuda([
      '--mode',
      'off',
      '--root',
      fakeRoot({ devices: ONE_GPU }),
      '--nvidia-smi',
      smi.path,
    ]);
    assert.equal(run.code, 0);
    assert.equal(smi.ran(), false);
    assert.equal(run.status!.action, 'off');
    assert.match(run.envFile!, /^export PREFLIGHT_DEVICE='gpu'$/m);
  });

  it('takes the mode from cuda_probe.mode in --config, and --mode over it', () => {
    const config = join(tempFiles({ 'preflight.yaml': 'cuda_probe: { mode: strict }\n' }), 'preflight.yaml');
    assert.equal(probeCuda(['--root', r535(), '--require-cuda', '13.0', '--config', config]).code, 1);
    assert.equal(
      probeCuda(['--root', r535(), '--require-cuda', '13.0', '--config', config, '--mode', 'warn']).code,
      0,
    );
  });
});

describe('preflight probe cuda: where the required CUDA comes from', () => {
  const required = (env: Record<string, string>, files: Record<string, string> = {}) =>
    probeCuda(['--root', fakeRoot({ sys: '590.48.01\n', files }), '--mode', 'warn'], env).status;

  it('PREFLIGHT_REQUIRED_CUDA, unless --require-cuda is given', () => {
    assert.equal(required({ PREFLIGHT_REQUIRED_CUDA: '12.6' })!.required_cuda, '12.6');
    const both = probeCuda(['--root', r535(), '--mode', 'warn', '--require-cuda', '11.8'], {
      PREFLIGHT_REQUIRED_CUDA: '12.6',
    });
    assert.equal(both.status!.required_source, '--require-cuda');
  });

  it("inside the app image: the highest of CUDA_VERSION, NVIDIA_REQUIRE_CUDA's cuda>= and torch/version.py", () => {
    const env = {
      CUDA_VERSION: '12.1.1',
      NVIDIA_REQUIRE_CUDA: 'cuda>=12.1 brand=tesla,driver>=470,driver<471 brand=tesla,driver>=525,driver<526',
    };
    assert.deepEqual(pick(required(env)!, ['required_cuda', 'required_source']), {
      required_cuda: '12.1',
      required_source: 'env CUDA_VERSION',
    });
    // TGI 2.3: the base image says 12.1, the torch in it was built for 12.4.
    const torch = {
      'usr/local/lib/python3.11/site-packages/torch/version.py':
        "__version__ = '2.4.0+cu124'\ncuda: Optional[str] = '12.4'\n",
    };
    const status = required(env, torch)!;
    assert.equal(status.required_cuda, '12.4');
    assert.match(
      status.required_source as string,
      /^torch 2\.4\.0\+cu124 \(.*python3\.11\/site-packages\/torch\/version\.py\)$/,
    );
  });
});

describe('preflight probe cuda: bad input exits 2 and writes nothing', () => {
  /** A probe that would otherwise run: a host, a requirement; the test adds where it writes. */
  const probeWriting = (...files: string[]) =>
    runProbeCli(['cuda', '--root', r535(), '--require-cuda', '12.4', ...files]);
  const bad = (args: string[], env: Record<string, string> = {}) => {
    const run = probeCuda(['--root', r535(), ...args], env);
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.deepEqual(readdirSync(run.out), [], 'no file, no temp file');
    assert.equal(run.stdout, '');
    return run.stderr;
  };

  it('a --require-cuda that is not major.minor', () => {
    assert.equal(
      bad(['--require-cuda', 'twelve']),
      'preflight: error: --require-cuda: invalid CUDA version "twelve": expected major.minor such as 12.4\n',
    );
  });

  it('an unknown mode', () => {
    assert.match(
      bad(['--require-cuda', '12.4', '--mode', 'yolo']),
      /--mode: unknown value "yolo" \(expected one of: strict, fallback, warn, off\)/,
    );
  });

  it('an NVIDIA_REQUIRE_CUDA the toolkit would refuse, a bad CUDA_VERSION, no requirement at all', () => {
    assert.match(
      bad([], { NVIDIA_REQUIRE_CUDA: 'cuda>>12.4' }),
      /NVIDIA_REQUIRE_CUDA: "cuda>>12\.4" is not a condition/,
    );
    assert.match(bad([], { CUDA_VERSION: 'latest' }), /CUDA_VERSION: invalid CUDA version "latest"/);
    assert.match(bad([]), /no required CUDA: give --require-cuda X\.Y or set PREFLIGHT_REQUIRED_CUDA/);
  });

  it('a bad --timeout, an unknown option', () => {
    assert.match(bad(['--require-cuda', '12.4', '--timeout', 'soon']), /--timeout: expected a duration/);
    assert.match(bad(['--require-cuda', '12.4', '--frobnicate']), /Unknown option '--frobnicate'$/m);
    assert.match(bad(['--require-cuda', '12.4', '--nvidia_smi', 'x']), /did you mean --nvidia-smi\?/);
  });

  it('fallback without an env file to write CPU safe mode into', () => {
    const run = probeWriting();
    assert.equal(run.code, 2);
    assert.match(run.stderr, /mode fallback writes CPU safe mode into an env file: give --env-out FILE/);
  });

  it('an env file folder that cannot be written', (t) => {
    if (process.getuid?.() === 0) return t.skip('running as root, which folder permissions do not stop');
    const out = tempFiles({ 'ro/.keep': '' });
    chmodSync(join(out, 'ro'), 0o555);
    const run = probeWriting('--env-file', join(out, 'ro', 'env'));
    chmodSync(join(out, 'ro'), 0o755);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^preflight: error: .*ro\/env: cannot write: EACCES/);
    assert.deepEqual(readdirSync(join(out, 'ro')), ['.keep']);
  });

  it('a status file that cannot be written: the env file is not written either', () => {
    const out = tempFiles({ 'not-a-folder': '' });
    const run = probeWriting(
      '--env-file',
      join(out, 'env'),
      '--status-file',
      join(out, 'not-a-folder', 'status.json'),
    );
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /not-a-folder\/status\.json: cannot write: a part of its path is a file, not a folder/,
    );
    assert.deepEqual(readdirSync(out), ['not-a-folder'], 'no env file, no temp file');
  });

  it('an env file folder that does not exist', () => {
    const out = tempFiles({});
    const run = probeWriting('--env-file', join(out, 'missing', 'env'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /missing\/env: cannot write: its folder does not exist/);
    assert.deepEqual(readdirSync(out), []);
  });
});

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}
