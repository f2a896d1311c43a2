import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export interface FileHashes {
  sha256: string;
  /** Git's blob id: sha1 of `blob <byte length>\0` and the content (`git hash-object`; Hugging Face's ETag of a non-LFS file). */
  gitSha1: string;
  bytes: number;
}

/** Both hashes in one streamed pass, so multi-gigabyte weights are never held in memory. */
export async function fileHashes(path: string): Promise<FileHashes> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const sha256 = createHash('sha256');
    const gitSha1 = createHash('sha1').update(`blob ${size}\0`);
    let bytes = 0;
    for await (const chunk of handle.createReadStream({ autoClose: false, start: 0 })) {
      sha256.update(chunk as Buffer);
      gitSha1.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
    // The blob header states the size up front: a file that changed while read gives a wrong id.
    if (bytes !== size) throw new Error(`${path} changed while it was read`);
    return { sha256: sha256.digest('hex'), gitSha1: gitSha1.digest('hex'), bytes };
  } finally {
    await handle.close();
  }
}
