import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { isatty } from 'node:tty';
import { InputError } from '../errors';

/** Manifests, templates and cards larger than this are refused: no real one comes near it. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** How standard input (`-` on a command line) is named in locations and reports. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads a text input file with the guards every loader needs: a size limit (checked before reading),
 * binary detection (a NUL byte early on), strict UTF-8, and a leading BOM removed.
 */
export function readSourceFile(file: string, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  // One open, then the checks on the open file: no second path lookup, no race between them.
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new InputError(cannotRead(error), { file });
  }
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputError('is a folder, expected a file', { file });
    if (stat.size > maxBytes) {
      throw new InputError(
        `file is ${formatBytes(stat.size)}, over the ${formatBytes(maxBytes)} limit for input files`,
        { file },
      );
    }
    bytes = readOpenFile(fd, stat.size, maxBytes, file);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(cannotRead(error), { file });
  } finally {
    closeSync(fd);
  }
  return decodeText(bytes, file);
}

/**
 * Standard input (`helm template … | preflight check -`), with the guards of readSourceFile: the same
 * size limit (counted while reading: a pipe has no size), binary detection and strict UTF-8. A terminal
 * is refused: the user forgot the pipe, and waiting on it would look like a hang.
 */
export function readStandardInput(maxBytes = DEFAULT_MAX_FILE_BYTES, fd = 0): string {
  const file = STDIN_NAME;
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
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
          file === STDIN_NAME
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
