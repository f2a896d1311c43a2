import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { envFileText } from '../../runtime-probe/env-file';
import { tempFiles } from '../harness/temp-files';
import { SHELLS } from './shells';

/** Sources `file` in a clean shell and returns the environment it then has, read NUL-separated (values may hold newlines). */
function sourced(shell: string[], file: string): Map<string, string> {
  const result = spawnSync(shell[0]!, [...shell.slice(1), '-c', '. "$1" && exec env -0', 'sh', file], {
    env: { PATH: process.env.PATH },
    encoding: 'utf8',
    cwd: join(file, '..'),
  });
  assert.equal(result.status, 0, result.stderr);
  const vars = new Map<string, string>();
  for (const entry of result.stdout.split('\0').filter(Boolean)) {
    vars.set(entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1));
  }
  return vars;
}

/** Everything a hostile or broken reason could hold: quotes, substitutions, backslashes, newlines, globs, Unicode. */
const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        "'",
        '"',
        "'\\''",
        '$(touch pwned)',
        '`touch pwned`',
        '${PATH}',
        '$HOME',
        '\\',
        '\\n',
        '\n',
        '\r\n',
        '\t',
        '*',
        '?[a]',
        '~',
        '!',
        ';',
        '&&',
        '|',
        '#',
        '%s',
        '\u0000',
        'é',
        '🚀',
        '\u202e',
      ),
      fc.string({ unit: 'binary-ascii', maxLength: 8 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('the env file', () => {
  for (const shell of SHELLS) {
    it(`round-trips hostile values exactly through ${shell.name} (NUL dropped: no env var can hold it)`, (t) => {
      if (shell.missing) return t.skip(shell.missing);
      const dir = tempFiles({});
      const file = join(dir, 'env');
      fc.assert(
        fc.property(hostile, hostile, (reason, verdict) => {
          writeFileSync(
            file,
            envFileText(`heading ${reason}`, {
              PREFLIGHT_REASON: reason,
              PREFLIGHT_CUDA_VERDICT: verdict,
              CUDA_VISIBLE_DEVICES: '',
            }),
          );
          const vars = sourced(shell.argv, file);
          assert.equal(vars.get('PREFLIGHT_REASON'), reason.replace(/\0/g, ''));
          assert.equal(vars.get('PREFLIGHT_CUDA_VERDICT'), verdict.replace(/\0/g, ''));
          assert.equal(vars.get('CUDA_VISIBLE_DEVICES'), '');
          assert.equal(existsSync(join(dir, 'pwned')), false, 'nothing in a value ran');
        }),
        { numRuns: 150 },
      );
    });
  }

  it('writes one export per variable, and refuses a name that is not a variable name', () => {
    assert.equal(envFileText('h', { A: "it's" }), "# h\nexport A='it'\\''s'\n");
    assert.throws(() => envFileText('h', { 'A;rm': 'x' }), /not an environment variable name/);
  });
});
