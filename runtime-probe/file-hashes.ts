import { createHash } from 'node:crypto';
import { closeSync, createReadStream } from 'node:fs';
import { InputError } from '../core/errors';
import { INPUT_LIMITS, openInputFile } from '../core/loaders/source-file';

export interface FileHashes {
  sha256: string;
  /** Git's blob id: sha1 of `blob <byte length>\0` and the content (`git hash-object`; Hugging Face's ETag of a non-LFS file). */
  gitSha1: string;
  bytes: number;
}

/**
 * Both hashes in one streamed pass, so multi-gigabyte weights are never held in memory. Opened by core's
 * one reader: a regular file only (a FIFO or folder is a clear error, never a hang), under the size cap.
 */
export async function fileHashes(
  path: string,
  maxBytes: number = INPUT_LIMITS.modelFile,
): Promise<FileHashes> {
  const { fd, stat } = openInputFile(path, maxBytes);
  try {
    const { size } = stat;
    const sha256 = createHash('sha256');
    const gitSha1 = createHash('sha1').update(`blob ${size}\0`);
    let bytes = 0;
    for await (const chunk of createReadStream('', { fd, autoClose: false, start: 0 })) {
      sha256.update(chunk as Buffer);
      gitSha1.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    // The blob header states the size up front: a file that changed while read gives a wrong id.
    if (bytes !== size) throw new InputError('changed while it was read', { file: path });
    return { sha256: sha256.digest('hex'), gitSha1: gitSha1.digest('hex'), bytes };
  } finally {
    closeSync(fd);
  }
}
