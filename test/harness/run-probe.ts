import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './run-cli';

const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');

export interface ProbeRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the built `preflight probe ...` as the probe's image does: `node --` first, so the old option
 * name `--env-file` reaches the probe (without `--`, Node looks for that file itself and exits 9 when it
 * does not exist yet; test/cli/probe-bin.test.ts runs the bin that way).
 */
export function runProbeCli(
  args: string[],
  options: { env?: Record<string, string | undefined>; cwd?: string; script?: string } = {},
): ProbeRun {
  const started = performance.now();
  const result: SpawnSyncReturns<string> = spawnSync(
    process.execPath,
    ['--', options.script ?? CLI, ...(options.script ? [] : ['probe']), ...args],
    { cwd: options.cwd ?? REPO_ROOT, env: probeEnv(options.env), encoding: 'utf8', timeout: 60_000 },
  );
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    ms: performance.now() - started,
  };
}

/** The same, without blocking the test process (for probes that wait while the test changes files). */
export function spawnProbeCli(
  args: string[],
  options: { env?: Record<string, string | undefined> } = {},
): Promise<ProbeRun> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--', CLI, 'probe', ...args], {
    cwd: REPO_ROOT,
    env: probeEnv(options.env),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started })),
  );
}

/** A clean environment: no CUDA or probe settings leak in from the machine running the tests. */
function probeEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    ...extra,
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

/** The JSON log line a probe printed on stdout. */
export function logLine(run: ProbeRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n');
  if (lines.length !== 1)
    throw new Error(`expected one JSON line on stdout, got:\n${run.stdout}\n${run.stderr}`);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}
