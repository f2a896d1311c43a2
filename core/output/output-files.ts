import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  lstatSync,
  openSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../errors';

/**
 * The one writer for every output a front writes (reports, the probe's env and status files).
 *
 * - A regular file, or a path where nothing exists yet, is replaced atomically: a temp file beside
 *   it, then a rename, so a reader never sees half a file.
 * - A device (`/dev/null`), a FIFO, or a descriptor alias (`/dev/stdout`, `/proc/self/fd/1`) is
 *   written directly: a rename would replace the device node itself (as root, `-o /dev/null`
 *   would turn it into a regular file for the whole machine) and a FIFO's reader would get nothing.
 * - A symlink is followed, and its final target is replaced (or written) as above; the link stays.
 * - An append (`$GITHUB_STEP_SUMMARY`) adds to a regular file in place (O_APPEND, created if missing):
 *   what is there belongs to others, so it is never rewritten; other targets are written as above.
 *
 * Several files are all or nothing as far as a file system allows: every target is checked and
 * opened, and every temp written, before the first rename; a failure before that changes no file.
 * The renames run under a lock beside the first target, so two writers of the same files never
 * leave one file from each.
 */
export function writeOutputFiles(files: readonly OutputFile[]): void {
  const targets = files.map((file) => outputTarget(file.file));
  const seen = new Map<string, string>();
  targets.forEach((target, index) => {
    const earlier = seen.get(target.path);
    if (earlier !== undefined) {
      throw new InputError(`is also given for ${earlier}: each output needs its own file`, {
        file: files[index]!.file,
      });
    }
    seen.set(target.path, files[index]!.file);
  });
  const prepared: Prepared[] = [];
  try {
    targets.forEach((target, index) => {
      prepared.push(prepare(target, files[index]!));
    });
  } catch (error) {
    for (const each of prepared) discard(each);
    throw error;
  }
  let release = () => {};
  try {
    if (prepared.some((each) => each.kind === 'rename')) release = lock(prepared);
    for (const each of prepared) commit(each);
  } finally {
    release();
    for (const each of prepared) discard(each);
  }
}

/** One output: `writeOutputFiles` for a single file. */
export function writeOutputFile(
  file: string,
  content: string | Buffer,
  options: Pick<OutputFile, 'mode' | 'append'> = {},
): void {
  writeOutputFiles([{ file, content, ...options }]);
}

export interface OutputFile {
  file: string;
  content: string | Buffer;
  /** The mode of a file created new (an existing file keeps its own); default 0o644. */
  mode?: number;
  /** Add to the end of an existing regular file instead of replacing it. */
  append?: boolean;
}

type TargetKind = 'new' | 'regular' | 'device' | 'fifo' | 'descriptor';

interface Target {
  /** The path that is written or replaced: the symlink chain's end. */
  path: string;
  kind: TargetKind;
  /** The mode an existing regular file has, kept by its replacement. */
  mode?: number;
  /** This process's own descriptor that a `descriptor` target names. */
  fd?: number;
}

type Prepared =
  | { kind: 'rename'; file: string; path: string; temp: string; done: boolean }
  | { kind: 'direct'; file: string; path: string; fd: number; own: boolean; content: Buffer; done: boolean };

/** How long a writer waits for a FIFO's reader to open it, or to drain it. */
const FIFO_WAIT_MS = 2000;
/** The renames take microseconds: a lock older than this was left by a writer that died between them. */
const STALE_LOCK_MS = 10_000;
const LOCK_WAIT_MS = 5000;

/**
 * `/dev/stdout`, `/dev/fd/1`, `/proc/self/fd/1`: this process's own descriptors, written to, never
 * replaced or reopened (reopening fails for a socket, which is what Node gives a child as a pipe).
 */
const DESCRIPTOR_ALIAS = /^\/(?:dev\/(stdout|stderr|fd\/(\d+))|proc\/(?:self|thread-self|(\d+))\/fd\/(\d+))$/;

function descriptorOf(path: string): number | undefined {
  const match = DESCRIPTOR_ALIAS.exec(path);
  if (!match) return undefined;
  const [, named, devFd, pid, procFd] = match;
  if (named === 'stdout') return 1;
  if (named === 'stderr') return 2;
  if (devFd) return Number(devFd);
  return pid === undefined || Number(pid) === process.pid ? Number(procFd) : undefined;
}

function outputTarget(file: string): Target {
  const fd = descriptorOf(resolve(file));
  if (fd !== undefined) return { path: resolve(file), kind: 'descriptor', fd };
  const path = linkEnd(resolve(file), file);
  // Another process's descriptor, or a link into /proc: written through, never replaced.
  if (DESCRIPTOR_ALIAS.test(path) || path.startsWith('/proc/')) return { path, kind: 'device' };
  let stats: import('node:fs').Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw cannotWrite(file, error);
    const folder = dirname(path);
    let parent: import('node:fs').Stats;
    try {
      parent = statSync(folder);
    } catch (inner) {
      throw new InputError(`cannot write: its folder ${reason(inner)}`, { file });
    }
    if (!parent.isDirectory()) throw new InputError(`cannot write: ${folder} is not a folder`, { file });
    return { path, kind: 'new' };
  }
  if (stats.isFile()) return { path, kind: 'regular', mode: stats.mode & 0o7777 };
  if (stats.isFIFO()) return { path, kind: 'fifo' };
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return { path, kind: 'device' };
  if (stats.isDirectory()) throw new InputError('cannot write: it is a folder', { file });
  throw new InputError('cannot write: it is not a file, a device or a FIFO', { file });
}

/** The end of a symlink chain, also when it dangles (the link's target is then created). */
function linkEnd(path: string, file: string): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
      link = readlinkSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw cannotWrite(file, error);
    }
    if (DESCRIPTOR_ALIAS.test(current)) return current;
    current = resolve(dirname(current), link);
  }
  throw new InputError('cannot write: too many symbolic links', { file });
}

function prepare(target: Target, output: OutputFile): Prepared {
  const content = typeof output.content === 'string' ? Buffer.from(output.content) : output.content;
  if (target.kind === 'descriptor') {
    return {
      kind: 'direct',
      file: output.file,
      path: target.path,
      fd: target.fd!,
      own: false,
      content,
      done: false,
    };
  }
  if (target.kind === 'device' || target.kind === 'fifo') {
    const fd =
      target.kind === 'fifo' ? openFifo(target.path, output.file) : openDirect(target.path, output.file);
    return { kind: 'direct', file: output.file, path: target.path, fd, own: true, content, done: false };
  }
  if (output.append) {
    const fd = openAppend(target.path, output.file, target.mode ?? output.mode ?? 0o644);
    return { kind: 'direct', file: output.file, path: target.path, fd, own: true, content, done: false };
  }
  const temp = join(dirname(target.path), `.${basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = target.mode ?? output.mode ?? 0o644;
  let fd: number;
  try {
    // O_EXCL: never write through a file or link someone placed at the temp's name.
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  } catch (error) {
    throw cannotWrite(output.file, error);
  }
  const prepared: Prepared = { kind: 'rename', file: output.file, path: target.path, temp, done: false };
  try {
    writeAll(fd, content, output.file);
  } catch (error) {
    closeSync(fd);
    rmQuietly(temp);
    throw error;
  }
  closeSync(fd);
  return prepared;
}

function openDirect(path: string, file: string): number {
  try {
    return openSync(path, constants.O_WRONLY | constants.O_TRUNC | constants.O_NOCTTY);
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

function openAppend(path: string, file: string, mode: number): number {
  try {
    return openSync(
      path,
      constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOCTTY,
      mode,
    );
  } catch (error) {
    throw cannotWrite(file, error);
  }
}

/** A FIFO opened without a reader would block forever; non-blocking, it fails (ENXIO) until one comes. */
function openFifo(path: string, file: string): number {
  const deadline = Date.now() + FIFO_WAIT_MS;
  for (;;) {
    try {
      return openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw cannotWrite(file, error);
      if (Date.now() >= deadline) {
        throw new InputError(`cannot write: the FIFO has no reader (waited ${FIFO_WAIT_MS / 1000} s)`, {
          file,
        });
      }
      sleep(20);
    }
  }
}

/** Writes every byte; a full FIFO (EAGAIN on a non-blocking descriptor) is waited for, within a bound. */
function writeAll(fd: number, content: Buffer, file: string): void {
  let offset = 0;
  let stalledSince: number | undefined;
  while (offset < content.length) {
    try {
      offset += writeSync(fd, content, offset, content.length - offset);
      stalledSince = undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw cannotWrite(file, error);
      stalledSince ??= Date.now();
      if (Date.now() - stalledSince >= FIFO_WAIT_MS) {
        throw new InputError(`cannot write: the reader stopped reading (waited ${FIFO_WAIT_MS / 1000} s)`, {
          file,
        });
      }
      sleep(10);
    }
  }
}

function commit(prepared: Prepared): void {
  if (prepared.kind === 'direct') {
    writeAll(prepared.fd, prepared.content, prepared.file);
  } else {
    try {
      renameSync(prepared.temp, prepared.path);
    } catch (error) {
      throw cannotWrite(prepared.file, error);
    }
  }
  prepared.done = true;
}

function discard(prepared: Prepared): void {
  if (prepared.kind === 'direct') {
    if (prepared.own && prepared.fd >= 0) closeSync(prepared.fd);
    prepared.fd = -1;
  } else if (!prepared.done) {
    rmQuietly(prepared.temp);
  }
}

/**
 * An O_EXCL lock file beside the first renamed target, held only around the renames. Why a lock and
 * not one folder swapped into place: the files keep the paths users mount and source (a swap would
 * make them links into a versioned folder), and they may sit in different folders or volumes.
 */
function lock(prepared: readonly Prepared[]): () => void {
  const first = prepared.find((each) => each.kind === 'rename')!;
  const path = join(dirname(first.path), `.${basename(first.path)}.lock`);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600));
      return () => rmQuietly(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotWrite(first.file, error);
    }
    if (lockIsStale(path)) {
      rmQuietly(path);
    } else if (Date.now() >= deadline) {
      throw new InputError(`cannot write: another writer holds ${path}`, { file: first.file });
    } else {
      sleep(10);
    }
  }
}

function lockIsStale(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > STALE_LOCK_MS;
  } catch {
    return false; // gone already: the next try takes it
  }
}

const SLEEPER = new Int32Array(new SharedArrayBuffer(4));
/** The writer is synchronous (reports are written at the end of a run): a short blocking pause. */
function sleep(ms: number): void {
  Atomics.wait(SLEEPER, 0, 0, ms);
}

function rmQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // its folder is gone or not a folder: then nothing of ours is there
  }
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'ENOTDIR') return 'is under a file, not a folder';
  if (code === 'EACCES' || code === 'EPERM') return 'is not accessible';
  return `cannot be used (${code ?? String(error)})`;
}

function cannotWrite(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOENT: 'its folder does not exist',
    ENOTDIR: 'a part of its path is a file, not a folder',
    EISDIR: 'it is a folder',
    ENAMETOOLONG: 'the path is too long',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    ELOOP: 'too many symbolic links',
  };
  return new InputError(`cannot write: ${(code && words[code]) ?? code ?? String(error)}`, { file });
}
