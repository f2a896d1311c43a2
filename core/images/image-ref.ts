import { InputError } from '../errors';

/** A parsed image reference, normalized the way Docker does (`vllm/vllm-openai` is on `docker.io`). */
export interface ImageRef {
  /** The reference as written. */
  original: string;
  /** `docker.io`, `nvcr.io`, `localhost:5000`, `[::1]:5000`. */
  registry: string;
  /** The path without the registry; Docker Hub's official images carry `library/`. */
  repository: string;
  tag?: string;
  /** `sha256:` followed by 64 hex digits (or sha384, sha512). */
  digest?: string;
}

export const DOCKER_HUB = 'docker.io';

// The grammar of github.com/distribution/reference (reference.go, regexp.go, normalize.go).
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`;
const HOST = String.raw`(?:${DOMAIN_COMPONENT}(?:\.${DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])`;
const DOMAIN = new RegExp(`^${HOST}(?::[0-9]+)?$`);
const TAG = /^\w[\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
/** go-digest's registered algorithms and the length of their hex encoding. */
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };
const NAME_TOTAL_LENGTH_MAX = 255;
/** Docker reads a bare 64-hex name as an image id, never as a repository. */
const IMAGE_ID = /^[a-f0-9]{64}$/;

/** Parses an image reference; an invalid one is an InputError naming the reference and what is wrong. */
export function parseImageRef(text: string): ImageRef {
  const fail = (why: string): never => {
    throw new InputError(`invalid image reference ${JSON.stringify(text)}: ${why}`);
  };
  if (text.length === 0) fail('empty');
  if (/\s/.test(text)) fail('contains white space');
  if (IMAGE_ID.test(text)) fail('a 64-character hex name is an image id, not a repository');

  const at = text.indexOf('@');
  if (at !== -1 && text.indexOf('@', at + 1) !== -1) fail('more than one "@"');
  const named = at === -1 ? text : text.slice(0, at);
  const digest = at === -1 ? undefined : text.slice(at + 1);
  if (digest !== undefined) checkDigest(digest, fail);

  // A colon after the last slash starts the tag; one before it belongs to the registry's port.
  const colon = named.lastIndexOf(':');
  const hasTag = colon > named.lastIndexOf('/');
  const name = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : undefined;
  if (tag !== undefined && !TAG.test(tag)) {
    fail(
      tag === ''
        ? 'empty tag after ":"'
        : `invalid tag ${JSON.stringify(tag)}: a tag is up to 128 letters, digits, "_", "." and "-", not starting with "." or "-"`,
    );
  }
  if (name === '') fail('no repository name');

  const [registry, path] = splitRegistry(name);
  if (!DOMAIN.test(registry)) fail(`invalid registry ${JSON.stringify(registry)}`);
  checkPath(path, fail);

  const normalizedRegistry = registry === 'index.docker.io' ? DOCKER_HUB : registry;
  const repository = normalizedRegistry === DOCKER_HUB && !path.includes('/') ? `library/${path}` : path;
  const fullName = `${normalizedRegistry}/${repository}`;
  if (fullName.length > NAME_TOTAL_LENGTH_MAX) {
    fail(`name is ${fullName.length} characters, over the limit of ${NAME_TOTAL_LENGTH_MAX}`);
  }

  const ref: ImageRef = { original: text, registry: normalizedRegistry, repository };
  if (tag !== undefined) ref.tag = tag;
  if (digest !== undefined) ref.digest = digest;
  return ref;
}

/**
 * Docker's rule: the first component names a registry only when it has a `.` or a `:`, is
 * `localhost`, or has an uppercase letter (host names are case-insensitive, repositories lowercase).
 */
function splitRegistry(name: string): [registry: string, path: string] {
  const slash = name.indexOf('/');
  if (slash === -1) return [DOCKER_HUB, name];
  const first = name.slice(0, slash);
  const isRegistry = /[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase();
  return isRegistry ? [first, name.slice(slash + 1)] : [DOCKER_HUB, name];
}

function checkPath(path: string, fail: (why: string) => never): void {
  if (path === '') fail('no repository after the registry');
  if (path !== path.toLowerCase()) fail(`repository ${JSON.stringify(path)} must be lowercase`);
  for (const component of path.split('/')) {
    if (component === '') fail(`empty path component in ${JSON.stringify(path)}`);
    if (!PATH_COMPONENT.test(component)) {
      fail(
        `invalid path component ${JSON.stringify(component)}: use lowercase letters and digits, separated by ".", "_", "__" or "-"`,
      );
    }
  }
}

function checkDigest(digest: string, fail: (why: string) => never): void {
  if (!DIGEST.test(digest))
    fail(`invalid digest ${JSON.stringify(digest)}: expected algorithm:hex, e.g. sha256:<64 hex>`);
  const [algorithm = '', hex = ''] = digest.split(':');
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined)
    fail(`unsupported digest algorithm ${JSON.stringify(algorithm)}: use sha256, sha384 or sha512`);
  if (hex.length !== length)
    fail(`invalid ${algorithm} digest: expected ${length} hex digits, got ${hex.length}`);
  if (hex !== hex.toLowerCase()) fail(`invalid ${algorithm} digest: hex digits must be lowercase`);
}

/**
 * The canonical text of a reference. `familiar` writes it the way `docker` shows it, without
 * `docker.io/` and `library/`, except where that would make the first component read as a registry.
 */
export function formatImageRef(ref: ImageRef, options: { familiar?: boolean } = {}): string {
  const suffix = `${ref.tag === undefined ? '' : `:${ref.tag}`}${ref.digest === undefined ? '' : `@${ref.digest}`}`;
  return `${repositoryName(ref, options.familiar === true)}${suffix}`;
}

function repositoryName(ref: ImageRef, familiar: boolean): string {
  if (!familiar || ref.registry !== DOCKER_HUB) return `${ref.registry}/${ref.repository}`;
  const official = /^library\/([^/]+)$/.exec(ref.repository);
  if (official) return official[1]!;
  const [first = ''] = ref.repository.split('/');
  const readAsRegistry = first.includes('.') || first === 'localhost';
  return readAsRegistry ? `${ref.registry}/${ref.repository}` : ref.repository;
}

/**
 * `registry/repository` for a repository written with or without its registry: `vllm/vllm-openai`
 * is `docker.io/vllm/vllm-openai`. A tag or digest is refused: this names a repository, not an image.
 */
export function normalizeRepository(text: string): string {
  const ref = parseImageRef(text);
  if (ref.tag !== undefined || ref.digest !== undefined) {
    throw new InputError(
      `invalid repository ${JSON.stringify(text)}: a repository has no tag or digest (write them in their own fields)`,
    );
  }
  return `${ref.registry}/${ref.repository}`;
}

/** Whether two references, with or without registry, tag or digest, name the same repository. */
export function sameRepository(a: string, b: string): boolean {
  const [x, y] = [parseImageRef(a), parseImageRef(b)];
  return x.registry === y.registry && x.repository === y.repository;
}
