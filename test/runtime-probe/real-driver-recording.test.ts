import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cudaFromNvidiaRequire } from '../../core/cuda/cuda-from-nvidia-require';
import { cudaText } from '../../core/cuda/cuda-version';
import { driverFromProc } from '../../core/cuda/driver-from-proc';
import { driverFromSmiOutput } from '../../core/cuda/driver-from-smi-output';
import { driverFromSysModule } from '../../core/cuda/driver-from-sys-module';
import { parseNvidiaRequire } from '../../core/cuda/nvidia-require';
import { cudaProbeOptions } from '../../runtime-probe/cuda-options';
import { cudaProbe } from '../../runtime-probe/cuda-probe';
import { fakeNvidiaSmi, fakeRoot } from '../harness/fake-gpu-host';
import { REPO_ROOT } from '../harness/run-cli';
import { runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

/**
 * What the built probe printed on a real H100 with driver 580.159.04 (a lent GPU machine, 2026-11-26),
 * and the driver outputs it read there. Replaying those outputs must give the same decisions today.
 */
const RECORDED = join(REPO_ROOT, 'test', 'fixtures', 'nvidia-recorded');
const DRIVER = '580.159.04';

interface Recording {
  provenance: string;
  /** The command as run there (line 1's `command=`). */
  command: string;
  exit: number | undefined;
  text: string;
}

function recording(name: string): Recording {
  const whole = readFileSync(join(RECORDED, name), 'utf8');
  const newline = whole.indexOf('\n');
  const provenance = whole.slice(0, newline);
  assert.match(provenance, /^# source: recorded on preflight-guard device session /, name);
  const exit = /exit=(\d+)/.exec(provenance)?.[1];
  return {
    provenance,
    command: /command=`([^`]*)`/.exec(provenance)![1]!,
    exit: exit === undefined ? undefined : Number(exit),
    text: whole.slice(newline + 1),
  };
}

const names = readdirSync(RECORDED)
  .filter((name) => name !== 'README.md')
  .sort();
const PROBE_RUNS = names.filter((name) => name.startsWith('probe-cuda__'));

/** The device nodes `ls -la /dev/nvidia*` listed there (character devices only). */
function recordedDeviceNodes(): string[] {
  return recording(`dev-nvidia__${DRIVER}__h100-80gb-hbm3.txt`)
    .text.split('\n')
    .filter((line) => line.startsWith('c') && line.includes(' /dev/'))
    .map((line) => line.split(' /dev/')[1]!);
}

/** The recorded image's environment, as `env` printed it. */
function recordedImageEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of recording('image-env__device-image-cuda__13.0.2.env').text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

/** The host as the probe saw it there: its version files, or (for `smi` runs) only its device nodes. */
function replayedHost(source: 'sys' | 'smi') {
  const devices = recordedDeviceNodes();
  const smi = fakeNvidiaSmi(recording(`smi-query-driver__${DRIVER}__h100-80gb-hbm3.csv`).text);
  const root =
    source === 'sys'
      ? fakeRoot({
          sys: recording(`sys-module-nvidia-version__${DRIVER}__h100-80gb-hbm3.txt`).text,
          proc: recording(`proc-driver-nvidia-version__${DRIVER}__h100-80gb-hbm3__open.txt`).text,
          devices,
        })
      : fakeRoot({ devices });
  return { root, smi };
}

/** The probe's arguments as recorded, less the files and root that belonged to that machine. */
function recordedArguments(command: string): string[] {
  const args = command.split(' ').slice(command.split(' ').indexOf('cuda') + 1);
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (['--root', '--env-out', '--status-file'].includes(args[i]!)) i++;
    else kept.push(args[i]!);
  }
  return kept;
}

describe('recorded on a real GPU host (H100, driver 580.159.04)', () => {
  it('every recording names where, what command and its exit status on line 1', () => {
    assert.ok(names.length >= 20, `${names.length} recordings`);
    for (const name of names) {
      const { provenance, command } = recording(name);
      assert.match(provenance, /NVIDIA H100 80GB HBM3, open kernel module 580\.159\.04/, name);
      assert.match(provenance, /exit=(\d+|n\/a)/, name);
      assert.ok(command.length > 0, name);
    }
  });

  it('reads the driver from the open kernel module /proc line and /sys/module', () => {
    const proc = recording(`proc-driver-nvidia-version__${DRIVER}__h100-80gb-hbm3__open.txt`);
    assert.match(proc.text, /Open Kernel Module/);
    assert.equal(driverFromProc(proc.text)?.raw, DRIVER);
    assert.equal(
      driverFromSysModule(recording(`sys-module-nvidia-version__${DRIVER}__h100-80gb-hbm3.txt`).text)?.raw,
      DRIVER,
    );
  });

  for (const [name, layout] of [
    [`smi-table__${DRIVER}__h100-80gb-hbm3.txt`, 'table'],
    [`smi-version__${DRIVER}__h100-80gb-hbm3.txt`, 'version'],
    [`smi-q__${DRIVER}__h100-80gb-hbm3.txt`, 'query-log'],
    [`smi-query-driver__${DRIVER}__h100-80gb-hbm3.csv`, 'csv'],
    [`smi-query-5fields__${DRIVER}__h100-80gb-hbm3.csv`, 'csv'],
  ] as const) {
    it(`nvidia-smi output ${name} reads as ${DRIVER} (${layout})`, () => {
      const parsed = driverFromSmiOutput(recording(name).text);
      assert.deepEqual({ driver: parsed?.version.raw, layout: parsed?.layout }, { driver: DRIVER, layout });
    });
  }

  for (const name of [
    `smi-L__${DRIVER}__h100-80gb-hbm3.txt`,
    `smi-query-error__not_a_field-invalid-field__${DRIVER}.txt`,
  ]) {
    it(`nvidia-smi output ${name} carries no driver version and is never guessed from`, () => {
      assert.equal(driverFromSmiOutput(recording(name).text), null);
    });
  }

  it('reads the CUDA the recorded image needs from its NVIDIA_REQUIRE_CUDA and CUDA_VERSION', () => {
    const env = recordedImageEnv();
    assert.equal(env.CUDA_VERSION, '13.0.2');
    const expression = parseNvidiaRequire(env.NVIDIA_REQUIRE_CUDA!);
    assert.ok(!('error' in expression), JSON.stringify(expression));
    assert.equal(cudaText(cudaFromNvidiaRequire(expression)!), '13.0');
  });

  it('has a replay for every probe run recorded there', () => {
    assert.deepEqual(
      PROBE_RUNS.map((name) => name.split('__')[1]),
      ['smi', 'sys', 'sys', 'sys', 'sys', 'sys', 'sys', 'sys', 'sys'],
    );
  });

  for (const name of PROBE_RUNS) {
    it(`replays ${name}: the same decision and exit status as on the real host`, async () => {
      const run = recording(name);
      const [json, human] = run.text.trimEnd().split('\n');
      const there = JSON.parse(json!);
      const source = name.split('__')[1] as 'sys' | 'smi';
      const { root, smi } = replayedHost(source);
      const env = name.includes('image-env') ? recordedImageEnv() : {};
      const options = cudaProbeOptions(
        [
          ...recordedArguments(run.command),
          ...['--root', root, '--nvidia-smi', smi.path, '--env-out', join(tempFiles({}), 'env')],
        ],
        env,
      );
      const { report, decision } = await cudaProbe(options);
      const decisive = (r: Record<string, unknown>) => ({
        level: r.level,
        verdict: r.verdict,
        action: r.action,
        mode: r.mode,
        device: r.device,
        driver: r.driver,
        max_cuda: r.max_cuda,
        required_cuda: r.required_cuda,
        required_source: r.required_source,
        reason: r.reason,
      });
      assert.deepEqual(decisive(report), decisive(there));
      assert.equal(decision.exitCode, run.exit);
      assert.equal(smi.ran(), source === 'smi', 'nvidia-smi runs only when no version file exists');
      if (source === 'smi') {
        assert.equal(report.nvidia_smi?.layout, there.nvidia_smi.layout);
        assert.equal(report.nvidia_smi?.exit_code, there.nvidia_smi.exit_code);
      } else {
        assert.equal(there.driver_source, '/sys/module/nvidia/version');
        assert.ok(report.driver_source?.endsWith('/sys/module/nvidia/version'), String(report.driver_source));
      }
      assert.ok(human!.startsWith(`preflight probe cuda: `) && human!.includes(there.reason), human);
    });
  }

  for (const cuda of ['13.2', '14.0']) {
    it(`writes today the env file that was sourced before real PyTorch there (CUDA ${cuda}, fallback)`, () => {
      const written = join(tempFiles({}), 'env');
      const { root } = replayedHost('sys');
      const result = runProbeCli([
        'cuda',
        '--root',
        root,
        '--require-cuda',
        cuda,
        '--mode',
        'fallback',
        '--env-file',
        written,
      ]);
      assert.equal(result.code, 0, result.stderr);
      const body = (text: string) => text.split('\n').slice(1).join('\n');
      assert.equal(
        body(readFileSync(written, 'utf8')),
        body(recording(`probe-env__sys__${cuda}__fallback.env`).text),
      );
    });
  }

  it('recorded what the env files did to real PyTorch: fallback hid the GPU, a usable driver kept it', () => {
    const app = (name: string) => recording(`app-torch-behind-wrapper__sys__${name}.txt`).text.trim();
    assert.equal(app('14.0__fallback'), 'cuda_available=False device_count=0');
    assert.equal(app('14.0__warn'), 'cuda_available=True device_count=1');
    assert.equal(app('13.2__fallback'), 'cuda_available=True device_count=1');
    assert.match(recording('probe-env__sys__14.0__fallback.env').text, /^export CUDA_VISIBLE_DEVICES=''$/m);
    assert.doesNotMatch(recording('probe-env__sys__13.2__fallback.env').text, /CUDA_VISIBLE_DEVICES/);
  });
});
