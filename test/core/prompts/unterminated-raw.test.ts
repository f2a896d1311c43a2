import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JinjaSyntaxError, parseJinja } from '../../../core/prompts/jinja-parser';

function syntaxError(text: string): JinjaSyntaxError {
  try {
    parseJinja(text);
  } catch (error) {
    assert.ok(error instanceof JinjaSyntaxError, String(error));
    return error;
  }
  assert.fail('parsed');
}

test('an unterminated {% raw %} is a syntax error at its opening tag, before nunjucks rescans it', () => {
  const error = syntaxError('Hello {{ name }}\n  {%- raw %} {{ not_a_var }}\n{{ x }}');
  assert.deepEqual(error.position, { line: 2, column: 3 });
  assert.equal(error.message, '{% raw %} is never closed: expected {% endraw %}');
});

test('a 400 KB unterminated {% raw %} block gets the same positioned error', () => {
  const text = `{% raw %}${'{{ a }} {% if %} '.repeat(25_000)}`;
  assert.ok(text.length > 400_000);
  assert.deepEqual(syntaxError(text).position, { line: 1, column: 1 });
});

test('unterminated {% verbatim %} and a raw block whose nested raw is closed but not itself are refused too', () => {
  assert.match(syntaxError('a\n{% verbatim %}b').message, /\{% verbatim %\} is never closed/);
  assert.deepEqual(syntaxError('{% raw %}{% raw %}x{% endraw %}').position, { line: 1, column: 1 });
});

test('closed raw blocks still parse, their content not read as template code', () => {
  const root = parseJinja('{% raw %}{{ hidden }}{% endraw %}{{ shown }}');
  assert.match(
    JSON.stringify(root, (key, value) => (key === 'parent' ? undefined : value)),
    /shown/,
  );
});
