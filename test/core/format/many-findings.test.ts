import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupBy } from '../../../core/format/group-by';
import { formatStylish } from '../../../core/format/stylish';
import { formatText } from '../../../core/format/text';
import type { Finding } from '../../../core/model/finding';

// As many findings as a large monorepo's prompt lint gives, all in one file and each under its own
// target: the two shapes that made grouping copy a growing list per finding (issue 15, quadratic paths).
const COUNT = 50_000;
const findings: Finding[] = Array.from({ length: COUNT }, (_, i) => ({
  rule: 'prompt-template-vars',
  severity: i % 3 === 0 ? 'error' : 'warning',
  message: `variable v${i} is not declared`,
  target: `prompts/all.j2 template t${i}`,
  location: { file: 'prompts/all.j2', line: COUNT - i, column: 1 },
}));

test('groupBy keeps first-seen group order and input order inside each group', () => {
  const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2'], (item) => item[0]!);
  assert.deepEqual(
    [...groups],
    [
      ['b', ['b1', 'b2']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ],
  );
});

test('the stylish layout of 50,000 findings in one file lists each one once, in position order', () => {
  const lines = formatStylish(findings, { color: false, cwd: '/' }).split('\n');
  assert.equal(lines[0], 'prompts/all.j2');
  const listed = lines.flatMap((line) => /variable (v\d+) is not declared/.exec(line)?.[1] ?? []);
  assert.equal(listed.length, COUNT);
  assert.deepEqual(listed.slice(0, 2), [`v${COUNT - 1}`, `v${COUNT - 2}`]);
  assert.match(lines[1]!, /^ {2}1:1 +warning {2}variable v49999 is not declared {2}prompt-template-vars$/);
  assert.match(lines.at(-2)!, /✖ 50000 problems \(16667 errors, 33333 warnings\)/);
});

test('the text report of 50,000 findings under 50,000 targets lists each target once with its finding', () => {
  const output = formatText(findings, [], {
    color: false,
    cwd: '/',
    heading: 'preflight lint-prompts',
    action: 'merge',
  });
  const lines = output.split('\n');
  const targets = lines.filter((line) => line.startsWith('prompts/all.j2 template '));
  assert.equal(targets.length, COUNT);
  const t123 = lines.indexOf('prompts/all.j2 template t123');
  assert.match(lines[t123 + 1]!, /variable v123 is not declared/);
});
