import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { chatTemplates } from '../../../core/prompts/chat-templates';
import { decodeJsonString, jsonValueOffset } from '../../../core/prompts/json-string';

describe('chat templates in tokenizer_config.json', () => {
  it('reads one template and maps positions through escapes to the raw JSON', () => {
    const json = `{\n  "eos_token": "</s>",\n  "chat_template": "{% for m in messages %}\\n  {{ m[\\"content\\"] }}{{ x }}{% endfor %}"\n}`;
    const [template] = chatTemplates(json, JSON.parse(json)) as Exclude<
      ReturnType<typeof chatTemplates>,
      string
    >;
    assert.equal(template!.text, '{% for m in messages %}\n  {{ m["content"] }}{{ x }}{% endfor %}');
    const line = json.split('\n')[2]!;
    // `x` is on the template's line 2, column 24; in the file it follows the escaped quotes.
    assert.deepEqual(template!.locate(2, 24), { line: 3, column: line.indexOf('{{ x }}') + 4 });
    assert.deepEqual(template!.locate(1, 1), { line: 3, column: line.indexOf('{%') + 1 });
  });

  it('reads named templates, and nothing when there is no chat_template', () => {
    const json = JSON.stringify({
      chat_template: [
        { name: 'default', template: 'a' },
        { name: 'tool_use', template: 'b' },
      ],
    });
    const templates = chatTemplates(json, JSON.parse(json));
    assert.deepEqual(
      (templates as { name?: string; text: string }[]).map(({ name, text }) => [name, text]),
      [
        ['default', 'a'],
        ['tool_use', 'b'],
      ],
    );
    assert.deepEqual(chatTemplates('{"bos_token": "<s>"}', { bos_token: '<s>' }), []);
  });

  it('says what is wrong with a chat_template of another shape', () => {
    assert.equal(
      chatTemplates('{"chat_template": 3}', { chat_template: 3 }),
      'chat_template: expected a string or a list of {name, template}',
    );
    assert.equal(
      chatTemplates('{"chat_template": [{"name": "a"}]}', { chat_template: [{ name: 'a' }] }),
      'chat_template[0]: expected {name, template} with string values',
    );
  });
});

describe('JSON strings with positions', () => {
  it('decodes any string as JSON.parse does, each unit mapped to where it is written', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 5 }),
        (value, key) => {
          const json = JSON.stringify({ [key]: [1, { x: '}' }], value }, null, 1);
          const quote = jsonValueOffset(json, ['value']);
          const decoded = decodeJsonString(json, quote);
          assert.equal(decoded.value, value);
          assert.equal(decoded.rawOffsets.length, value.length + 1);
          assert.equal(json[decoded.rawOffsets[value.length]!], '"');
          for (const [index, raw] of decoded.rawOffsets.slice(0, -1).entries()) {
            const written = json[raw]!;
            assert.ok(written === '\\' || written === value[index], `unit ${index}`);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds values by path, the last of duplicate keys as JSON.parse keeps, or -1', () => {
    const json = '{"a": {"b": [10, "x", {"c": true}]}, "d": 1, "d": 2}';
    assert.equal(json.slice(jsonValueOffset(json, ['a', 'b', 2, 'c'])).slice(0, 4), 'true');
    assert.equal(json.slice(jsonValueOffset(json, ['d'])).slice(0, 1), '2');
    assert.equal(jsonValueOffset(json, ['missing']), -1);
    assert.equal(jsonValueOffset(json, ['a', 'b', 5]), -1);
  });
});
