import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../core/errors';
import { jsonWithHiddenEscaped, shownText, visibleText } from '../../../core/format/shown-text';

test('shownText writes bidi, zero-width, separator, tag and control characters as escapes, tab and text as they are', () => {
  assert.equal(shownText('a\u202Eb'), 'a\\u202Eb');
  assert.equal(
    shownText('\u2066x\u2069\u200B\u200F\uFEFF\u2028\u2029\u0085\u001B[0m\r\n\t\u{E0041}é中'),
    '\\u2066x\\u2069\\u200B\\u200F\\uFEFF\\u2028\\u2029\\u0085\\u001B[0m\\u000D\\u000A\t\\u{E0041}é中',
  );
  assert.equal(shownText(shownText('a\u202Eb')), 'a\\u202Eb', 'escaping twice changes nothing');
  assert.equal(visibleText('\u200B \u202E\uFEFF'), ' ');
});

test('jsonWithHiddenEscaped keeps the document valid and every value exact', () => {
  const value = { file: 'deploy/llm\u202Elmay.yaml', tag: '\u{E0041}', line: 'a\u2028b' };
  const json = jsonWithHiddenEscaped(JSON.stringify(value, null, 2));
  assert.doesNotMatch(json, /[\u202E\u2028\u{E0041}]/u);
  assert.match(json, /llm\\u202elmay/);
  assert.deepEqual(JSON.parse(json), value);
});

test("an input error's line escapes its message and field too, on every path that prints it (check's stderr, the probe's)", () => {
  const error = new InputError(
    'unknown field "a\u202Eb"',
    { file: 'c\u200Bd.yaml', line: 2, column: 3 },
    'x\u202Ey',
  );
  assert.equal(error.describe(), 'c\\u200Bd.yaml:2:3: x\\u202Ey: unknown field "a\\u202Eb"');
});
