import { createHash } from 'node:crypto';

const SUPPORTED = /^(sha256|sha384|sha512):[0-9a-f]+$/;

export function isSupportedDigest(digest: string): boolean {
  return SUPPORTED.test(digest);
}

/** The digest of `body` in the algorithm `like` uses (sha256 unless it names another). */
export function contentDigest(body: Buffer, like = 'sha256:'): string {
  const algorithm = like.slice(0, like.indexOf(':'));
  return `${algorithm}:${createHash(algorithm).update(body).digest('hex')}`;
}

/** Whether `body` is exactly the content `digest` names. */
export function matchesDigest(body: Buffer, digest: string): boolean {
  return isSupportedDigest(digest) && contentDigest(body, digest) === digest;
}

export function shortDigest(digest: string): string {
  const [algorithm = '', hex = ''] = digest.split(':');
  return `${algorithm}:${hex.slice(0, 12)}`;
}
