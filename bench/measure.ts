import { spawnSync } from 'node:child_process';

/** Median wall time in ms of `runs` calls, after `warmup` untimed calls. */
export function medianMs(fn: () => unknown, runs: number, warmup = 1): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * Interleaves the candidates round by round (A B A B ...) so that machine noise hits both alike,
 * and returns each one's median.
 */
export function interleavedMedians(
  candidates: Record<string, () => unknown>,
  rounds: number,
): Record<string, number> {
  const times: Record<string, number[]> = {};
  for (const [name, fn] of Object.entries(candidates)) {
    fn();
    times[name] = [];
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(candidates)) {
      const start = process.hrtime.bigint();
      fn();
      times[name]!.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, list]) => [
      name,
      list.sort((a, b) => a - b)[Math.floor(list.length / 2)]!,
    ]),
  );
}

/** Peak resident memory (MiB) of a child `node` process running `args`, read from its own resource usage. */
export function peakRssMiB(args: string[]): { peakMiB: number; code: number | null } {
  const preload = require.resolve('./report-peak-rss.cjs');
  const result = spawnSync(process.execPath, ['--require', preload, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PREFLIGHT_BENCH_PEAK_FD: '3' },
    stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
  });
  const out = result.output[3] as unknown as string;
  return { peakMiB: Number(out.trim()) / 1024, code: result.status };
}
