import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '..', '..');
const CLI = join(REPO_ROOT, 'dist', 'cli', 'main.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `preflight` command as a user would (the test script builds first). */
export function runCli(
  args: string[],
  options: {
    cwd?: string;
    env?: Record<string, string | undefined>;
    input?: string | Buffer;
    /** A hang guard: the run is killed after this long (and its code is then null). */
    killAfterMs?: number;
    /** Run as this user and group (for permission tests when the suite runs as root). */
    uid?: number;
    gid?: number;
  } = {},
): CliRun {
  const env: Record<string, string | undefined> = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
  };
  Object.assign(env, options.env);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    ...(options.input === undefined ? {} : { input: options.input }),
    ...(options.killAfterMs === undefined
      ? {}
      : { timeout: options.killAfterMs, killSignal: 'SIGKILL' as const }),
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
