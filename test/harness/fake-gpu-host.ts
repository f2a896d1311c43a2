import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after } from 'node:test';
import { tempFiles } from './temp-files';

export interface FakeRoot {
  /** Content of `sys/module/nvidia/version`. */
  sys?: string;
  /** Content of `proc/driver/nvidia/version`. */
  proc?: string;
  /** Device nodes to create under `dev/` (empty files stand in for them: only their names are read). */
  devices?: string[];
  /** Any other files, by path under the root (a torch/version.py, say). */
  files?: Record<string, string>;
}

/** A fake `/` holding only what the probe reads: sys/, proc/, dev/ and what `files` adds. */
export function fakeRoot(host: FakeRoot): string {
  const files: Record<string, string> = { ...host.files };
  if (host.sys !== undefined) files['sys/module/nvidia/version'] = host.sys;
  if (host.proc !== undefined) files['proc/driver/nvidia/version'] = host.proc;
  for (const device of host.devices ?? []) files[`dev/${device}`] = '';
  const root = tempFiles(files);
  mkdirSync(join(root, 'dev'), { recursive: true });
  return root;
}

/** The device nodes of a host with one GPU. */
export const ONE_GPU = ['nvidiactl', 'nvidia0', 'nvidia-uvm'];

export interface FakeSmi {
  /** The executable, alone in its folder (so that folder can serve as PATH). */
  path: string;
  dir: string;
  /** Whether it ran at all: it touches a marker first. */
  ran(): boolean;
  /** With `hang` or `leaveChild`: the pid of the sleeping child it started, once it did. */
  hungChild(): number | undefined;
}

/**
 * A fake `nvidia-smi`: a small sh script that touches a marker, prints `output` and exits with `exit`.
 * `hang` makes it hang as one stuck on a GPU lost to an Xid error does: a child keeps its pipes open
 * and survives a SIGKILL of the script. `leaveChild` prints and exits as asked, leaving a background
 * child that holds stdout open (a wrapper script's `sleep &`). That child's pid is recorded and it is
 * killed after the test file.
 */
export function fakeNvidiaSmi(
  output: string,
  exit = 0,
  options: { hang?: boolean; leaveChild?: boolean } = {},
): FakeSmi {
  // Registered before the temp folders, whose own clean-up would remove the pid file first.
  let pidFile = '';
  if (options.hang || options.leaveChild) after(() => killRecorded(pidFile));
  const dir = tempFiles({});
  const state = tempFiles({ 'output.txt': output });
  const marker = join(state, 'ran');
  pidFile = join(state, 'hung.pid');
  const print = `cat '${join(state, 'output.txt')}'\n`;
  const body = options.hang
    ? `sleep 600 &\necho $! > '${pidFile}'\nwait\n`
    : options.leaveChild
      ? `${print}sleep 600 &\necho $! > '${pidFile}'\nexit ${exit}\n`
      : `${print}exit ${exit}\n`;
  const path = join(dir, 'nvidia-smi');
  writeFileSync(path, `#!/bin/sh\n: > '${marker}'\n${body}`);
  chmodSync(path, 0o755);
  return {
    path,
    dir,
    ran: () => existsSync(marker),
    hungChild: () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : undefined),
  };
}

function killRecorded(pidFile: string): void {
  if (!existsSync(pidFile)) return;
  try {
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  } catch {
    // already gone
  }
}
