import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../core/errors';
import { parseVersion, tryParseVersion, type Version } from '../../../core/versions';

function shape(version: Version) {
  return {
    major: version.major,
    minor: version.minor,
    patch: version.patch,
    prerelease: version.prerelease,
    build: version.build,
    precision: version.precision,
    semver: version.semver.version,
    cuda: version.cuda,
  };
}

function expectShape(text: string, expected: Partial<ReturnType<typeof shape>>) {
  const version = parseVersion(text);
  assert.equal(version.raw, text);
  const actual = shape(version);
  for (const [field, value] of Object.entries(expected)) {
    assert.deepEqual(actual[field as keyof typeof actual], value, `${text}: ${field}`);
  }
}

describe('parseVersion: plain and partial versions', () => {
  it('reads 1, 2 and 3 parts and records how many were written', () => {
    expectShape('12', { major: 12, minor: undefined, patch: undefined, precision: 1, semver: '12.0.0' });
    expectShape('12.1', { major: 12, minor: 1, patch: undefined, precision: 2, semver: '12.1.0' });
    expectShape('12.1.1', { major: 12, minor: 1, patch: 1, precision: 3, semver: '12.1.1' });
  });

  it('accepts a leading v', () => {
    expectShape('v0.6.0', { major: 0, minor: 6, patch: 0, precision: 3, semver: '0.6.0' });
    expectShape('V1.2', { major: 1, minor: 2, precision: 2 });
  });

  it('reads leading zeros numerically (Triton releases like 24.05)', () => {
    expectShape('24.05', { major: 24, minor: 5, precision: 2, semver: '24.5.0' });
  });

  it('trims surrounding white space but keeps the raw text', () => {
    const version = parseVersion(' 12.1 ');
    assert.equal(version.raw, ' 12.1 ');
    assert.equal(version.semver.version, '12.1.0');
  });

  it('keeps semver prereleases and build metadata as written', () => {
    expectShape('1.2.3-beta.1', { prerelease: ['beta', '1'], build: [], semver: '1.2.3-beta.1' });
    expectShape('1.2.3-rc1+build.5', { prerelease: ['rc1'], build: ['build', '5'], semver: '1.2.3-rc1' });
  });
});

describe('parseVersion: CUDA spellings', () => {
  const cases: [string, string, 1 | 2 | 3][] = [
    ['cu121', '12.1.0', 2],
    ['cu118', '11.8.0', 2],
    ['cu92', '9.2.0', 2],
    ['cu130', '13.0.0', 2],
    ['cu102', '10.2.0', 2],
    ['cuda12.1', '12.1.0', 2],
    ['cuda-12.1', '12.1.0', 2],
    ['cuda_12.4.1', '12.4.1', 3],
    ['CUDA12', '12.0.0', 1],
  ];
  for (const [text, semver, precision] of cases) {
    it(`${text} → ${semver} (precision ${precision})`, () => {
      expectShape(text, { semver, precision, prerelease: [], build: [] });
    });
  }
});

describe('parseVersion: Python wheel versions (PEP 440)', () => {
  it('reads a torch local suffix as build metadata and derives its CUDA', () => {
    expectShape('2.3.0+cu121', { semver: '2.3.0', build: ['cu121'], cuda: '12.1', precision: 3 });
    expectShape('2.1.0+cu118', { cuda: '11.8' });
    expectShape('2.3.0+cu121.with.pypi.cudnn', { build: ['cu121', 'with', 'pypi', 'cudnn'], cuda: '12.1' });
  });

  it('gives no CUDA for CPU wheels or suffixes that are not cuXYZ', () => {
    expectShape('2.6.0+cpu', { build: ['cpu'], cuda: undefined });
    expectShape('2.3.0+rocm6.0', { build: ['rocm6', '0'], cuda: undefined });
  });

  it('maps pre-releases onto semver prereleases', () => {
    expectShape('2.3.0a0+git1234', { semver: '2.3.0-a.0', prerelease: ['a', '0'], build: ['git1234'] });
    expectShape('2.4.0rc1', { semver: '2.4.0-rc.1', prerelease: ['rc', '1'] });
    expectShape('2.4.0RC1', { prerelease: ['rc', '1'] });
    expectShape('1.0b2', { prerelease: ['b', '2'], precision: 2 });
    expectShape('1.0.0beta2', { prerelease: ['b', '2'] });
    expectShape('1.0.0.alpha', { prerelease: ['a', '0'] });
    expectShape('1.0.0-preview3', { prerelease: ['preview3'] });
    expectShape('1.0.0preview3', { prerelease: ['rc', '3'] });
  });

  it('maps dev releases to a dev prerelease', () => {
    expectShape('2.5.0.dev20240801+cu121', {
      prerelease: ['dev', '20240801'],
      build: ['cu121'],
      cuda: '12.1',
      semver: '2.5.0-dev.20240801',
    });
    expectShape('0.1.dev', { prerelease: ['dev', '0'] });
  });

  it('keeps post releases as build metadata (same code, repackaged)', () => {
    expectShape('2.3.0.post1', { semver: '2.3.0', prerelease: [], build: ['post1'] });
    expectShape('2.3.0-post2', { prerelease: ['post2'] }); // semver spelling wins: a prerelease
    expectShape('2.3.0post', { build: ['post0'] });
  });

  it('keeps a fourth numeric part as build metadata', () => {
    expectShape('12.4.1.003', { semver: '12.4.1', precision: 3, build: ['003'] });
    expectShape('0.10.1.1', { major: 0, minor: 10, patch: 1, build: ['1'] });
    expectShape('8.9.0.131', { build: ['131'] });
  });
});

describe('parseVersion: invalid text', () => {
  const invalid = [
    'twelve',
    'abc',
    '',
    '   ',
    '1..2',
    'latest',
    '1.',
    '.1',
    'v',
    '1.2.x',
    '1.2.3.4.5',
    '^1.2.3',
    '>=12.1',
    '1.2.3-rc.01',
    'cu1',
    'cu1210',
    'cuda',
    'cuda12.1.1.1',
    '1!2.0',
    '1.2 3',
    '99999999999999999999.1',
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(tryParseVersion(text), null);
      assert.throws(
        () => parseVersion(text),
        (error: unknown) => {
          assert.ok(error instanceof InputError);
          assert.equal(error.location, undefined);
          assert.equal(
            error.message,
            `invalid version ${JSON.stringify(text)}: expected forms like 12.1, 12.1.1, cu121, cuda12.1, 2.3.0+cu121, v0.6.0`,
          );
          return true;
        },
      );
    });
  }
});
