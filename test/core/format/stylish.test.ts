import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { formatStylish } from '../../../core/format/stylish';
import type { Finding } from '../../../core/model/finding';

const cwd = resolve('/work/repo');

const findings: Finding[] = [
  {
    rule: 'prompt-template-vars',
    severity: 'warning',
    message: '"footer" is set on some paths before this use but not on all.',
    target: 'prompts/b.j2',
    location: { file: resolve(cwd, 'prompts/b.j2'), line: 12, column: 4 },
  },
  {
    rule: 'invisible-unicode',
    severity: 'error',
    message: 'invisible character U+200B ZERO WIDTH SPACE',
    target: 'prompts/a.j2',
    location: { file: resolve(cwd, 'prompts/a.j2'), line: 3, column: 17 },
  },
  {
    rule: 'prompt-template-vars',
    severity: 'error',
    message: '"tone" is not declared in prompt_vars.yaml and has no default',
    target: 'prompts/b.j2',
    location: { file: resolve(cwd, 'prompts/b.j2'), line: 2, column: 10 },
  },
];

describe('stylish text', () => {
  it('groups by file, aligns the rows in position order and ends with the count', () => {
    assert.equal(
      formatStylish(findings, { color: false, cwd }),
      [
        'prompts/b.j2',
        '  2:10  error    "tone" is not declared in prompt_vars.yaml and has no default  prompt-template-vars',
        '  12:4  warning  "footer" is set on some paths before this use but not on all   prompt-template-vars',
        '',
        'prompts/a.j2',
        '  3:17  error  invisible character U+200B ZERO WIDTH SPACE  invisible-unicode',
        '',
        '✖ 3 problems (2 errors, 1 warning)',
        '',
      ].join('\n'),
    );
  });

  it('prints nothing when there is nothing to report', () => {
    assert.equal(formatStylish([], { color: true, cwd }), '');
  });

  it('colours only when asked: underlined paths, dim positions and rules, red errors, yellow warnings', () => {
    const coloured = formatStylish(findings, { color: true, cwd });
    assert.ok(coloured.includes('\x1b[4mprompts/b.j2\x1b[0m'));
    assert.ok(coloured.includes('\x1b[2m2:10\x1b[0m'));
    assert.ok(coloured.includes('\x1b[31merror  \x1b[0m'));
    assert.ok(coloured.includes('\x1b[33mwarning\x1b[0m'));
    assert.ok(coloured.includes('\x1b[1m\x1b[31m✖ 3 problems'));
    const warningsOnly = formatStylish([findings[0]!], { color: true, cwd });
    assert.ok(warningsOnly.includes('\x1b[1m\x1b[33m✖ 1 problem (0 errors, 1 warning)'));
    assert.ok(!formatStylish(findings, { color: false, cwd }).includes('\x1b['));
  });
});
