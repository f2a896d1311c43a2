// The class alone: the package's index loads all of its 40-odd modules at start-up.
import SemVer from 'semver/classes/semver';
import { append } from '../append';
import { InputError } from '../errors';
import type { Version } from './version';

const EXPECTED = 'expected forms like 12.1, 12.1.1, cu121, cuda12.1, 2.3.0+cu121, v0.6.0';

const NUMBERS = String.raw`(\d+)(?:\.(\d+))?(?:\.(\d+))?`;
const IDENTIFIERS = String.raw`[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*`;

/** Semver as written, but partial versions allowed: `12`, `12.1`, `v0.6.0`, `1.2.3-beta.1`, `2.3.0+cu121`. */
const SEMVER_LIKE = new RegExp(`^[vV]?${NUMBERS}(?:-(${IDENTIFIERS}))?(?:\\+(${IDENTIFIERS}))?$`);

/**
 * PEP 440 (what Python wheels carry): pre, post and dev segments and a `+local` suffix. A fourth
 * numeric part (`12.4.1.003`, cuDNN's `8.9.0.131`, vLLM's `0.10.1.1`) is accepted and kept as build
 * metadata: the guard compares at most major, minor and patch.
 */
const PEP440 = new RegExp(
  [
    String.raw`^[vV]?${NUMBERS}(?:\.(\d+))?`,
    String.raw`(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d+)?)?`,
    String.raw`(?:[-_.]?(post|rev|r)[-_.]?(\d+)?)?`,
    String.raw`(?:[-_.]?(dev)[-_.]?(\d+)?)?`,
    String.raw`(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$`,
  ].join(''),
  'i',
);

/** Torch wheel tags pack major and minor together; CUDA minors are single digits, so the last digit is the minor. */
const CU_TAG = /^cu(\d{1,2})(\d)$/;
const CUDA_PREFIXED = /^cuda[-_]?(\d+(?:\.\d+){0,2})$/i;

const PEP440_PRE: Record<string, string> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

interface Parts {
  numbers: (string | undefined)[];
  prerelease: string[];
  build: string[];
}

/**
 * Versions already read, by text: a large app states the same few versions in hundreds of places.
 * Bounded, and the versions handed out are frozen, so a shared one cannot be changed by a caller.
 */
const parsed = new Map<string, Version | null>();
const PARSED_LIMIT = 4096;

/** Reads a version as ML images and wheels write it; null when the text is not one. */
export function tryParseVersion(text: string): Version | null {
  const known = parsed.get(text);
  if (known !== undefined) return known;
  const trimmed = text.trim();
  const parts = cudaParts(trimmed) ?? semverParts(trimmed) ?? pep440Parts(trimmed);
  const version = parts ? frozen(toVersion(text, parts)) : null;
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(text, version);
  return version;
}

function frozen(version: Version | null): Version | null {
  if (!version) return null;
  Object.freeze(version.prerelease);
  Object.freeze(version.build);
  return Object.freeze(version);
}

/** Like tryParseVersion, but a text that is not a version is an InputError. */
export function parseVersion(text: string): Version {
  const version = tryParseVersion(text);
  if (!version) throw new InputError(`invalid version ${JSON.stringify(text)}: ${EXPECTED}`);
  return version;
}

function cudaParts(text: string): Parts | null {
  const cu = CU_TAG.exec(text);
  if (cu) return { numbers: [cu[1], cu[2]], prerelease: [], build: [] };
  const cuda = CUDA_PREFIXED.exec(text);
  if (cuda) return { numbers: cuda[1]!.split('.'), prerelease: [], build: [] };
  return null;
}

function semverParts(text: string): Parts | null {
  const match = SEMVER_LIKE.exec(text);
  if (!match) return null;
  return {
    numbers: [match[1], match[2], match[3]],
    prerelease: match[4]?.split('.') ?? [],
    build: match[5]?.split('.') ?? [],
  };
}

function pep440Parts(text: string): Parts | null {
  const match = PEP440.exec(text);
  if (!match) return null;
  const [, major, minor, patch, fourth, preName, preNumber, post, postNumber, dev, devNumber, local] = match;
  const prerelease: string[] = [];
  // PEP 440 reads an omitted number as 0: `1.0rc` is `1.0rc0`.
  if (preName) prerelease.push(PEP440_PRE[preName.toLowerCase()]!, numberText(preNumber));
  if (dev) prerelease.push('dev', numberText(devNumber));
  const build: string[] = [];
  if (fourth !== undefined) build.push(fourth);
  // A post release repackages the same code, so it compares equal to its release.
  if (post) build.push(`post${numberText(postNumber)}`);
  if (local) append(build, local.toLowerCase().split(/[-_.]/));
  return { numbers: [major, minor, patch], prerelease, build };
}

function numberText(digits: string | undefined): string {
  return digits === undefined ? '0' : digits.replace(/^0+(?=\d)/, '');
}

function toVersion(raw: string, parts: Parts): Version | null {
  const written = parts.numbers.filter((part): part is string => part !== undefined);
  const numbers = written.map(Number);
  if (numbers.some((n) => !Number.isSafeInteger(n))) return null;
  const [major = 0, minor, patch] = numbers;
  const pre = parts.prerelease.length > 0 ? `-${parts.prerelease.join('.')}` : '';
  const build = parts.build.length > 0 ? `+${parts.build.join('.')}` : '';
  let semver: SemVer;
  try {
    semver = new SemVer(`${major}.${minor ?? 0}.${patch ?? 0}${pre}${build}`);
  } catch {
    // e.g. a numeric prerelease identifier with a leading zero, which semver forbids
    return null;
  }
  const version: Version = {
    raw,
    major,
    prerelease: parts.prerelease,
    build: parts.build,
    precision: written.length as Version['precision'],
    semver,
  };
  if (minor !== undefined) version.minor = minor;
  if (patch !== undefined) version.patch = patch;
  const cuda = parts.build.map((id) => CU_TAG.exec(id)).find((match) => match !== null);
  if (cuda) version.cuda = `${Number(cuda[1])}.${cuda[2]}`;
  return version;
}
