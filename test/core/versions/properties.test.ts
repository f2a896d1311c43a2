import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { VersionLevel } from '../../../core/model/config';
import { driftLevel, parseVersion, type Version, versionsMatch } from '../../../core/versions';

const LEVELS: VersionLevel[] = ['major', 'minor', 'patch'];

/** Versions in every written form, from small numbers so that pairs often collide. */
const versionText = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('', 'v'),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
      fc.constantFrom('', '-rc.1', '-rc.2', 'rc1', 'a0', '.dev1', '-beta.1'),
      fc.constantFrom('', '+cu121', '+cpu', '.post1'),
    )
    // PEP 440 puts a post release before a dev release, never after.
    .filter(([, , pre, suffix]) => !(pre === '.dev1' && suffix === '.post1'))
    .map(([v, parts, pre, suffix]) => `${v}${parts.join('.')}${pre}${suffix}`),
  fc
    .tuple(fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 3 }))
    .map(([major, minor]) => `cu${major}${minor}`),
  fc
    .tuple(
      fc.constantFrom('cuda', 'cuda-'),
      fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
    )
    .map(([prefix, parts]) => `${prefix}${parts.join('.')}`),
);
const version = versionText.map((text) => parseVersion(text));
const ignoreSet = fc.subarray(LEVELS);

describe('version comparison properties', () => {
  it('every generated form parses', () => {
    fc.assert(fc.property(versionText, (text) => parseVersion(text).raw === text));
  });

  it('is reflexive under every ignore set', () => {
    fc.assert(
      fc.property(version, ignoreSet, (a, ignore) => {
        assert.equal(driftLevel(a, a), 'none');
        assert.equal(versionsMatch(a, a, ignore), true);
      }),
    );
  });

  it('is symmetric under every ignore set', () => {
    fc.assert(
      fc.property(version, version, ignoreSet, (a, b, ignore) => {
        assert.equal(driftLevel(a, b), driftLevel(b, a));
        assert.equal(versionsMatch(a, b, ignore), versionsMatch(b, a, ignore));
      }),
    );
  });

  it('agrees with driftLevel: a match is no drift or a tolerated one', () => {
    fc.assert(
      fc.property(version, version, ignoreSet, (a, b, ignore) => {
        const drift = driftLevel(a, b);
        assert.equal(versionsMatch(a, b, ignore), drift === 'none' || ignore.includes(drift));
        assert.equal(versionsMatch(a, b, LEVELS), true);
        assert.equal(versionsMatch(a, b, []), drift === 'none');
      }),
    );
  });

  it('never reports drift between fully written versions that semver calls equal', () => {
    const full = (v: Version) => v.precision === 3;
    fc.assert(
      fc.property(version, version, (a, b) => {
        fc.pre(full(a) && full(b));
        assert.equal(driftLevel(a, b) === 'none', a.semver.compare(b.semver) === 0);
      }),
    );
  });
});
