import { type ChildProcess, spawn } from 'node:child_process';

export type SmiRun =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }
  | { kind: 'timeout' }
  | { kind: 'not-started'; reason: string };

/** More than any layout prints for a full 8-GPU host; beyond it the output is garbage anyway. */
const MAX_OUTPUT_BYTES = 1024 * 1024;

/**
 * After nvidia-smi exits, how long its pipes may take to deliver what it wrote. What it wrote is in
 * the pipe already; a process it started can keep the pipe open for ever, so the end of the pipe is
 * not waited for beyond this.
 */
const DRAIN_MS = 200;

/**
 * Runs nvidia-smi under a hard deadline. After an Xid error it can sit in uninterruptible sleep where
 * not even SIGKILL ends it, so on timeout the child is sent SIGKILL once and then abandoned: its
 * pipes are closed, it is unref()ed, and its exit is never awaited. The promise always settles by
 * `timeoutMs`, and the abandoned child never keeps this process alive. It runs in a process group of
 * its own (detached), and the SIGKILL goes to the whole group: whatever it started dies with it.
 * Its answer is complete when it exits, not when its pipes close: a process it started (a wrapper
 * script's background job) may hold them open; after the exit the pipes get a bounded drain, then
 * whatever is left of the group is killed.
 */
export function runNvidiaSmi(path: string, args: readonly string[], timeoutMs: number): Promise<SmiRun> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let size = 0;
    let settled = false;
    let child: ChildProcess;
    const settle = (run: SmiRun) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(run);
    };
    // Set once nvidia-smi itself has exited: its answer is in, whatever holds its pipes.
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drain: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      killGroup(child);
      abandon(child);
      if (exit) exited(exit.code, exit.signal);
      else settle({ kind: 'timeout' });
    }, timeoutMs);
    try {
      child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch (error) {
      settle({ kind: 'not-started', reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      return;
    }
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_OUTPUT_BYTES) into.push(chunk);
    };
    child.stdout!.on('data', collect(stdout));
    child.stderr!.on('data', collect(stderr));
    child.on('error', (error: NodeJS.ErrnoException) => {
      abandon(child);
      settle({ kind: 'not-started', reason: error.code ?? error.message });
    });
    const exited = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(drain);
      settle({
        kind: 'exited',
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    };
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      drain = setTimeout(() => {
        if (settled) return;
        killGroup(child);
        abandon(child);
        exited(code, signal);
      }, DRAIN_MS);
    });
    // Both pipes ended: everything is read, no need to wait out the drain.
    child.on('close', (code, signal) => exited(code, signal));
  });
}

function killGroup(child: ChildProcess): void {
  try {
    // detached: the child leads its own group, whose id is its pid; a negative pid signals the group.
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already; the child itself, if it is not
  }
}

function abandon(child: ChildProcess): void {
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}
