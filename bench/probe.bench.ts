import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleProbe } from '../runtime-probe/bundle';
import { interleavedMedians } from './measure';

const ROUNDS = 40;
const TARGET_RATIO = 1.5;

/**
 * Issue 4: `preflight probe cuda` as it ships (the single-file bundle, run with plain node) against bare
 * `node -e 0`, interleaved in one run: once reading a fake /sys, once through a fake nvidia-smi.
 */
export async function benchProbe(): Promise<void> {
  const dir = join(__dirname, '.out', 'probe');
  rmSync(dir, { recursive: true, force: true });
  const bundle = await bundleProbe(join(dir, 'bundle'));
  const sysRoot = join(dir, 'root-sys');
  mkdirSync(join(sysRoot, 'sys/module/nvidia'), { recursive: true });
  writeFileSync(join(sysRoot, 'sys/module/nvidia/version'), '590.48.01\n');
  const smiRoot = join(dir, 'root-smi');
  mkdirSync(join(smiRoot, 'dev'), { recursive: true });
  for (const node of ['nvidiactl', 'nvidia0']) writeFileSync(join(smiRoot, 'dev', node), '');
  const smi = join(dir, 'nvidia-smi');
  writeFileSync(smi, '#!/bin/sh\necho 590.48.01\n');
  chmodSync(smi, 0o755);

  const probe = (root: string, extra: string[] = []) => [
    '--',
    bundle,
    'cuda',
    '--root',
    root,
    '--require-cuda',
    '12.4',
    '--env-file',
    join(dir, 'env'),
    '--status-file',
    join(dir, 'status.json'),
    ...extra,
  ];
  const node = (args: string[]) => () => {
    const result = spawnSync(process.execPath, args, { stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  };
  const medians = interleavedMedians(
    {
      'node -e 0': node(['-e', '0']),
      'probe cuda, /sys': node(probe(sysRoot)),
      'probe cuda, nvidia-smi': node(probe(smiRoot, ['--nvidia-smi', smi])),
    },
    ROUNDS,
  );
  const base = medians['node -e 0']!;
  console.log(
    `\n== preflight probe cuda (single-file bundle, plain node), ${ROUNDS} interleaved rounds, medians`,
  );
  console.log(`   node -e 0 (baseline)        ${base.toFixed(1).padStart(6)} ms`);
  for (const name of ['probe cuda, /sys', 'probe cuda, nvidia-smi']) {
    const ms = medians[name]!;
    const ratio = ms / base;
    console.log(
      `   ${name.padEnd(27)} ${ms.toFixed(1).padStart(6)} ms   ratio ${ratio.toFixed(2)} (target ≤ ${TARGET_RATIO}) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
    );
  }
  rmSync(dir, { recursive: true, force: true });
}
