import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import type * as Tty from 'node:tty';
import { InputError } from '../errors';

/** Manifests, templates and cards larger than this are refused: no real one comes near it. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

/**
 * The size cap of each kind of input, checked before a byte is read (and again while reading: procfs
 * files say size 0). Far above the real thing, far below what could stall a run or fill its memory.
 */
export const INPUT_LIMITS = {
  /** Manifests, templates, model cards, preflight.yaml, prompt_vars.yaml, Pulumi and Docker config. */
  source: DEFAULT_MAX_FILE_BYTES,
  /**
   * `/sys/module/nvidia/version` is `550.54.15\n`; `/proc/driver/nvidia/version` two lines (cuda-runtime.md).
   * sysfs gives its files the page size as their size: 64 KiB on arm64 kernels with 64 KiB pages (Grace).
   */
  driverVersion: 64 * 1024,
  /** torch's generated `version.py`: a handful of assignments. */
  torchVersion: 64 * 1024,
  /** huggingface_hub's `.cache/huggingface/download/<file>.metadata`: commit, etag, timestamp. */
  downloadMetadata: 4 * 1024,
  /** A ServiceAccount token (a JWT), its namespace, and `ca.crt` (a CA bundle). */
  serviceAccount: 1024 * 1024,
  /** A cloud assembly's `manifest.json` and `tree.json`, which grow with the app. */
  cloudAssembly: 64 * 1024 * 1024,
  /** A cached registry manifest or image config (the registry's own limit is 4 MiB for manifests). */
  registryBlob: 16 * 1024 * 1024,
  /** A cached tag entry: `{"key":…,"digest":…}`. */
  registryTag: 4 * 1024,
  /** One model file to hash: Hugging Face refuses files over 50 GB, so no checkpoint shard is larger. */
  modelFile: 64 * 1024 * 1024 * 1024,
} as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How standard input (`-` on a command line) is named in locations and reports. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads a text input file with the guards every loader needs (those of `readInputFile`), then binary
 * detection (a NUL byte early on), strict UTF-8, and a leading BOM removed.
 */
export function readSourceFile(file: string, maxBytes: number = INPUT_LIMITS.source): string {
  if (SHELL_PIPE.test(file)) return readShellPipe(file, maxBytes);
  return decodeText(readInputFile(file, maxBytes), file);
}

/**
 * Paths through which a shell hands over a pipe it made and already writes: process substitution
 * (`preflight check <(helm template …)` passes `/dev/fd/63`) and `/dev/stdin`. Unlike a named FIFO, the
 * writer is the user's own command, so reading waits on it as `-` does, with the same size cap.
 */
const SHELL_PIPE = /^\/(?:dev\/stdin|dev\/fd\/\d+|proc\/self\/fd\/\d+)$/;

function readShellPipe(file: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOCTTY);
  } catch (error) {
    throw new InputError(cannotRead(error), { file });
  }
  try {
    return readStandardInput(maxBytes, fd, file);
  } finally {
    closeSync(fd);
  }
}

/**
 * The one reader for every input file: a regular file only (a FIFO, device, socket or folder is a
 * clear error naming the file, never a hang), and at most `maxBytes`, checked before reading.
 */
export function readInputFile(file: string, maxBytes: number = INPUT_LIMITS.source): Buffer {
  const { fd, stat } = openInputFile(file, maxBytes);
  try {
    return readOpenFile(fd, stat.size, maxBytes, file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(cannotRead(error), { file });
  } finally {
    closeSync(fd);
  }
}

/**
 * Opens an input file for reading after the checks of `readInputFile`; the caller reads (e.g. streams
 * a hash) and closes. One open, then the checks on the open file: no second path lookup, no race.
 * O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer, forever; for a regular file it
 * changes nothing. O_NOCTTY: a terminal device never becomes our controlling terminal.
 */
export function openInputFile(file: string, maxBytes: number): { fd: number; stat: Stats } {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw new InputError(cannotRead(error), { file });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() && !isDevNull(stat))
      throw new InputError(`${notRegular(stat)}, expected a regular file`, { file });
    if (stat.size > maxBytes) {
      throw new InputError(
        `file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit for input files`,
        { file },
      );
    }
    return { fd, stat };
  } catch (error) {
    closeSync(fd);
    if (error instanceof InputError) throw error;
    throw new InputError(cannotRead(error), { file });
  }
}

/**
 * Why a read failed, for a loader that words its own error: `no such file (ENOENT)`, `is a FIFO (named
 * pipe), expected a regular file`, without the reader's own "cannot read: ".
 */
export function whyUnreadable(error: unknown): string {
  const message = error instanceof InputError ? error.message : cannotRead(error);
  return message.replace(/^cannot read: /, '');
}

/**
 * `/dev/null` reads as an empty file, as it always has: `--config /dev/null` is how a run skips the
 * repository's own preflight.yaml. Known by its device number (major 1, minor 3), not by its name.
 */
function isDevNull(stat: Stats): boolean {
  return stat.isCharacterDevice() && stat.rdev === DEV_NULL;
}

const DEV_NULL = (1 << 8) | 3;

function notRegular(stat: Stats): string {
  if (stat.isDirectory()) return 'is a folder';
  if (stat.isFIFO()) return 'is a FIFO (named pipe)';
  if (stat.isSocket()) return 'is a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device';
  return 'is not a regular file';
}

/**
 * Standard input (`helm template … | preflight check -`), with the guards of readSourceFile: the same
 * size limit (counted while reading: a pipe has no size), binary detection and strict UTF-8. A terminal
 * is refused: the user forgot the pipe, and waiting on it would look like a hang.
 */
export function readStandardInput(maxBytes = DEFAULT_MAX_FILE_BYTES, fd = 0, file = STDIN_NAME): string {
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
    // node:tty (and the net and stream modules under it) is loaded only when standard input is read.
    const { isatty } = require('node:tty') as typeof Tty;
    if (isatty(fd)) {
      throw new InputError(
        'standard input is a terminal: pipe manifests in (helm template … | preflight check -)',
        { file },
      );
    }
    if (stat.size > maxBytes) {
      throw new InputError(
        `input is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit for input files`,
        { file },
      );
    }
    bytes = readOpenFile(fd, stat.isFile() ? stat.size : Math.min(64 * 1024, maxBytes), maxBytes, file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(cannotRead(error), { file });
  }
  return decodeText(bytes, file);
}

function decodeText(bytes: Buffer, file: string): string {
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul !== -1) throw new InputError(`binary file (NUL byte at offset ${nul}), expected text`, { file });
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new InputError(`not valid UTF-8 (at byte ${firstInvalidUtf8(bytes)})`, { file });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  return bytes >= 1024 * 1024
    ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}

/** Offset where the first invalid UTF-8 sequence starts. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const decodes = (end: number) => {
    try {
      // A prefix may cut a valid character in half; `stream` tolerates that at its end.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: true });
      return true;
    } catch {
      return false;
    }
  };
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >> 1;
    if (decodes(mid)) good = mid;
    else bad = mid;
  }
  // The byte at `good` completes no valid sequence; the sequence may have begun up to 3 bytes earlier.
  for (let start = good - 1; start >= Math.max(0, good - 3); start--) {
    if (bytes[start]! >= 0xc0) return start;
    if (bytes[start]! < 0x80) return good;
  }
  return good;
}

/**
 * Reads an open file to its end. The size from our own fstat sizes the buffer, so there is no second
 * fstat (what readFileSync(fd) does); a file that grew since is still read whole, up to the limit.
 */
function readOpenFile(fd: number, size: number, maxBytes: number, file: string): Buffer {
  let buffer = Buffer.allocUnsafe(size + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > maxBytes) {
        const message =
          file === STDIN_NAME || SHELL_PIPE.test(file)
            ? `input is over the ${formatBytes(maxBytes)} limit for input files`
            : `file grew past the ${formatBytes(maxBytes)} limit for input files while read`;
        throw new InputError(message, { file });
      }
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxBytes + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = readSome(fd, buffer, length);
    if (read === 0) return buffer.subarray(0, length);
    length += read;
  }
}

/** One read; a non-blocking pipe (stdin handed over by some shells and runners) says EAGAIN until data comes. */
function readSome(fd: number, buffer: Buffer, offset: number): number {
  for (;;) {
    try {
      return readSync(fd, buffer, offset, buffer.length - offset, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(PAUSE, 0, 0, 5);
    }
  }
}

const PAUSE = new Int32Array(new SharedArrayBuffer(4));

/** An errno in words a user acts on, the code kept for search: `no such file (ENOENT)`. */
function cannotRead(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a folder, expected a file',
    ELOOP: 'too many symbolic links',
    ENAMETOOLONG: 'file name too long',
  };
  if (code && words[code]) return `cannot read: ${words[code]} (${code})`;
  return `cannot read: ${code ?? String(error)}`;
}
