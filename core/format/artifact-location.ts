import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoPath } from './repo-path';

/** Where SARIF consumers resolve repository-relative URIs; GitHub maps it to the checkout root. */
export const SOURCE_ROOT = '%SRCROOT%';

export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/**
 * A SARIF artifact location for `file`: a repository-relative URI against `%SRCROOT%`, percent-encoded
 * so spaces, `#`, `?` and `:` cannot change what the URI means; a file outside the repository gets an
 * absolute `file:` URI instead, since `../` would point nowhere for GitHub.
 */
export function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const path = repoPath(file, cwd);
  if (path === '..' || path.startsWith('../')) {
    return { uri: pathToFileURL(isAbsolute(file) ? file : resolve(cwd, file)).href };
  }
  const uri = path
    .split('/')
    .map((segment) => encodeURI(segment).replace(/[?#:]/g, (char) => encodeURIComponent(char)))
    .join('/');
  return { uri, uriBaseId: SOURCE_ROOT };
}
