import { runPreflight } from '../../cli/run-preflight';
import type { CliRun } from './run-cli';

/**
 * Runs a `preflight` command line in this process, as `main` does (same entry, same error handling),
 * with standard output and error captured and `cwd` as the working folder: hundreds of runs cost what
 * a few spawned ones would. Runs are serialized (the streams and the working folder are the process's).
 */
let running: Promise<void> = Promise.resolve();

export async function runInProcess(args: string[], cwd: string): Promise<CliRun> {
  const previous = running;
  let release!: () => void;
  running = new Promise((resolve) => {
    release = resolve;
  });
  await previous;
  const out: string[] = [];
  const err: string[] = [];
  const { stdout, stderr } = process;
  const writeOut = stdout.write;
  const writeErr = stderr.write;
  const home = process.cwd();
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stdout.write;
  stdout.write = capture(out);
  stderr.write = capture(err);
  process.chdir(cwd);
  try {
    const code = await runPreflight(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.chdir(home);
    stdout.write = writeOut;
    stderr.write = writeErr;
    release();
  }
}
