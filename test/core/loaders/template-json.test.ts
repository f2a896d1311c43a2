import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../core/errors';
import { parseJsonDocument } from '../../../core/loaders/documents';
import { parseTemplateJson } from '../../../core/loaders/template-json';

const TEXT = JSON.stringify(
  {
    Metadata: { 'we"ird\\key': [1, 2.5e3, true, null, 'x"y]}', {}, []], é: 'é' },
    Resources: {
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: { ContainerDefinitions: [{ Name: 'a', Image: 'i:1' }] },
      },
    },
  },
  null,
  1,
);

function paths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const children: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : typeof value === 'object' && value !== null
      ? Object.entries(value)
      : [];
  return [path, ...children.flatMap(([key, child]) => paths(child, [...path, key]))];
}

describe('parseTemplateJson', () => {
  it('gives the value JSON.parse gives and the positions the YAML-based reader gives, for every path', () => {
    const fast = parseTemplateJson(TEXT, 't.json');
    const slow = parseJsonDocument(TEXT, 't.json');
    assert.deepEqual(fast.value, JSON.parse(TEXT));
    for (const path of paths(slow.value)) {
      assert.deepEqual(fast.locate(path), slow.locate(path), JSON.stringify(path));
      if (typeof path[path.length - 1] === 'string')
        assert.deepEqual(fast.locate(path, 'key'), slow.locate(path, 'key'));
    }
    assert.equal(fast.locate(['Resources', 'Nope']), undefined);
    assert.equal(fast.locate(['Resources', 'Task', 'Type', 'deeper']), undefined);
  });

  it('reports malformed JSON as an InputError with its position', () => {
    assert.throws(
      () => parseTemplateJson('{\n "a": 1,\n}', 'bad.template.json'),
      (error: unknown) =>
        error instanceof InputError &&
        error.location?.file === 'bad.template.json' &&
        error.location.line === 3,
    );
  });
});
