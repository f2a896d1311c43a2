import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connectAnalyzer } from '../policies/engine/analyzer-client';
import { launchPack } from '../policies/engine/launch-pack';
import { interleavedMedians } from './measure';

const ROUNDS = 30;
/** A fresh CDK app or policy pack process costs seconds, not tens of milliseconds: fewer rounds. */
const FRONT_ROUNDS = 7;
const TARGET_RATIO = 2;
const CLI = join(__dirname, '..', 'dist', 'cli', 'main.js');

/**
 * Issue 16: start-up of the built CLI on one small file (`check` of one manifest with a config, so the
 * config's schema validation counts; `lint-prompts` of one template) against bare `node -e 0`,
 * interleaved in one run; then the CDK plugin's first validate() in a fresh app process, and the Pulumi
 * pack's start-up (spawn to port, and to its first gRPC answer). Wall-clock medians; `npm run bench`
 * builds first. Run it under another Node by running this file with that Node.
 */
export async function benchStartup(): Promise<void> {
  const dir = join(__dirname, '.out', 'startup');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'pod.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: web, image: nginx:1.27 }]\n',
  );
  writeFileSync(join(dir, 'preflight.yaml'), 'secret_timeout: 90s\n');
  writeFileSync(join(dir, 'greeting.jinja'), 'Hello {{ name }}, you asked: {{ question }}\n');

  const node = (args: string[]) => () => {
    const run = spawnSync(process.execPath, args, { cwd: dir, stdio: 'ignore' });
    // 0 or 1 (findings) is a run that did its work; 2 would be bad input here.
    if (run.status !== 0 && run.status !== 1) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  };
  const medians = interleavedMedians(
    {
      'node -e 0': node(['-e', '0']),
      'check pod.yaml --config preflight.yaml': node([
        CLI,
        'check',
        'pod.yaml',
        '--config',
        'preflight.yaml',
      ]),
      'lint-prompts greeting.jinja': node([CLI, 'lint-prompts', 'greeting.jinja']),
    },
    ROUNDS,
  );
  const base = medians['node -e 0']!;
  console.log(
    `\nstart-up (${process.version}, ${ROUNDS} interleaved rounds, median wall ms; target ≤ ${TARGET_RATIO}×)`,
  );
  for (const [name, ms] of Object.entries(medians)) {
    const ratio = ms / base;
    const verdict = name === 'node -e 0' ? '' : ratio <= TARGET_RATIO ? '  within target' : '  over target';
    console.log(`  ${name.padEnd(40)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}×${verdict}`);
  }
  benchCdkFirstValidate();
  await benchPackStartup();
}

interface CdkColdFigures {
  loadMs: number;
  validateMs: number;
  synthMs: number;
}

/**
 * A fresh process's first synth of a one-stack app (an ECS GPU task, its secret and card), without the
 * plugin and with it (bench/cdk-cold.cjs): what an app's first `cdk synth` pays for preflight-guard,
 * loading `preflight-guard/constructs` and the first validate() apart.
 */
function benchCdkFirstValidate(): void {
  const script = join(__dirname, 'cdk-cold.cjs');
  const runs: Record<'none' | 'plugin', CdkColdFigures[]> = { none: [], plugin: [] };
  for (let round = -1; round < FRONT_ROUNDS; round++) {
    for (const variant of round % 2 ? (['none', 'plugin'] as const) : (['plugin', 'none'] as const)) {
      const run = spawnSync(process.execPath, [script, variant], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`cdk-cold.cjs ${variant} exited ${run.status}: ${run.stderr}`);
      if (round >= 0) runs[variant].push(JSON.parse(run.stdout) as CdkColdFigures);
    }
  }
  const median = (variant: 'none' | 'plugin', pick: (figures: CdkColdFigures) => number) =>
    [...runs[variant].map(pick)].sort((a, b) => a - b)[Math.floor(FRONT_ROUNDS / 2)]!;
  const base = median('none', (f) => f.synthMs);
  const load = median('plugin', (f) => f.loadMs);
  const validate = median('plugin', (f) => f.validateMs);
  const synth = median('plugin', (f) => f.synthMs);
  console.log(`\nCDK plugin, fresh process (${FRONT_ROUNDS} interleaved rounds, median wall ms)`);
  console.log(`  first synth, no plugin                   ${base.toFixed(0).padStart(5)} ms  1.00×`);
  console.log(
    `  first synth, preflight-guard plugin      ${synth.toFixed(0).padStart(5)} ms  ${(synth / base).toFixed(2)}×`,
  );
  console.log(
    `  load preflight-guard/constructs ${load.toFixed(0)} ms; first validate() ${validate.toFixed(0)} ms; together ${((load + validate) / base).toFixed(2)}× the plugin-less synth`,
  );
}

/**
 * The pack started as the Pulumi CLI starts it (the emulated engine's launchPack): spawn to the printed
 * port, and to the answer of the first RPC the engine sends after it, against a pack of one empty
 * policy and no preflight-guard code.
 */
async function benchPackStartup(): Promise<void> {
  const packs = {
    'empty pack': join(__dirname, 'empty-pack'),
    'preflight-guard pack': join(__dirname, '..', 'policies'),
  };
  const environment = { project: 'bench', stack: 'dev', organization: 'organization', config: {} };
  const times: Record<string, { port: number[]; first: number[] }> = {};
  for (const name of Object.keys(packs)) times[name] = { port: [], first: [] };
  for (let round = -1; round < FRONT_ROUNDS; round++) {
    for (const [name, packDir] of Object.entries(packs)) {
      const start = performance.now();
      const pack = await launchPack(packDir, environment);
      const port = performance.now() - start;
      const analyzer = connectAnalyzer(pack.port);
      try {
        await analyzer.call('getAnalyzerInfo');
      } finally {
        analyzer.close();
      }
      const first = performance.now() - start;
      await pack.stop();
      if (round >= 0) {
        times[name]!.port.push(port);
        times[name]!.first.push(first);
      }
    }
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
  const basePort = median(times['empty pack']!.port);
  const baseFirst = median(times['empty pack']!.first);
  console.log(`\nPulumi pack start-up (${FRONT_ROUNDS} interleaved rounds, median wall ms)`);
  for (const [name, { port, first }] of Object.entries(times)) {
    console.log(
      `  ${name.padEnd(22)} to port ${median(port).toFixed(0).padStart(5)} ms  ${(median(port) / basePort).toFixed(2)}×   to first answer (GetAnalyzerInfo) ${median(first).toFixed(0).padStart(5)} ms  ${(median(first) / baseFirst).toFixed(2)}×`,
    );
  }
}
