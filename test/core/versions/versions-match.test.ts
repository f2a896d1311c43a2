import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { VersionLevel } from '../../../core/model/config';
import { driftLevel, parseVersion, versionsMatch } from '../../../core/versions';

const drift = (a: string, b: string) => driftLevel(parseVersion(a), parseVersion(b));
const match = (a: string, b: string, ignore: VersionLevel[] = []) =>
  versionsMatch(parseVersion(a), parseVersion(b), ignore);

describe('driftLevel', () => {
  const cases: [string, string, string][] = [
    ['12.1.1', '12.1.1', 'none'],
    ['12.1', '12.1.1', 'none'],
    ['12', '12.4.1', 'none'],
    ['cu121', '12.1.1', 'none'],
    ['cuda12.1', 'cu121', 'none'],
    ['12.1', '12.2.0', 'minor'],
    ['12.1.1', '12.1.2', 'patch'],
    ['12.1.1', '13.1.1', 'major'],
    ['12', '11.8', 'major'],
    ['12.1.1', '12.2.2', 'minor'],
    ['cu118', '12.1', 'major'],
    ['2.3.0', '2.3.0+cu121', 'none'],
    ['2.3.0', '2.3.0.post1', 'none'],
    ['12.4.1', '12.4.1.003', 'none'],
    ['2.4.0', '2.4.0rc1', 'patch'],
    ['2.4.0rc1', '2.4.0rc2', 'patch'],
    ['2.4.0rc1', '2.4.0-rc.1', 'none'],
    ['2.4', '2.4.0rc1', 'none'],
    ['2.4rc1', '2.4.0', 'patch'],
    ['2.4rc1', '2.4.0rc1', 'none'],
    ['2.4rc1', '2.4', 'patch'],
    ['24.05', '24.5', 'none'],
    ['v0.6.0', '0.6.0', 'none'],
  ];
  for (const [a, b, level] of cases) {
    it(`${a} vs ${b} → ${level}`, () => {
      assert.equal(drift(a, b), level);
      assert.equal(drift(b, a), level);
    });
  }
});

describe('versionsMatch', () => {
  it('matches up to the common precision', () => {
    assert.equal(match('12.1', '12.1.1'), true);
    assert.equal(match('cu121', '12.1.1'), true);
    assert.equal(match('12.1', '12.2'), false);
  });

  it("ignore ['patch'] tolerates a patch difference only", () => {
    assert.equal(match('12.1.1', '12.1.2', ['patch']), true);
    assert.equal(match('12.1', '12.2', ['patch']), false);
    assert.equal(match('12.1.1', '13.1.1', ['patch']), false);
  });

  it("ignore ['minor', 'patch'] tolerates minor and patch differences", () => {
    assert.equal(match('12.1', '12.4', ['minor', 'patch']), true);
    assert.equal(match('12.1.1', '12.1.9', ['minor', 'patch']), true);
    assert.equal(match('12.1', '13.1', ['minor', 'patch']), false);
  });

  it("ignore ['minor'] alone does not tolerate a patch difference", () => {
    assert.equal(match('12.1.1', '12.1.2', ['minor']), false);
    assert.equal(match('12.1.1', '12.4.1', ['minor']), true);
  });

  it("ignore ['major'] tolerates only a major difference", () => {
    assert.equal(match('11.8', '12.8', ['major']), true);
    assert.equal(match('11.8', '11.9', ['major']), false);
  });

  it('counts a prerelease difference as patch level', () => {
    assert.equal(match('2.4.0', '2.4.0rc1'), false);
    assert.equal(match('2.4.0', '2.4.0rc1', ['patch']), true);
    assert.equal(match('2.4.0', '2.4.0rc1', ['minor']), false);
  });

  it('ignores build metadata', () => {
    assert.equal(match('2.3.0+cu118', '2.3.0+cu121'), true);
  });
});
