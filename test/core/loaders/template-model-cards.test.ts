import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../core/errors';
import { parseTemplateJson } from '../../../core/loaders/template-json';
import { distinctCards, modelCardsFromTemplate } from '../../../core/loaders/template-model-cards';

const CARD = {
  model: { id: 'acme/llm' },
  runtime: { cuda: '12.1' },
  image: { repository: 'ghcr.io/acme/llm' },
};

function template(recorded: unknown) {
  const text = JSON.stringify(
    { Metadata: { 'PreflightGuard::ModelCards': recorded }, Resources: {} },
    null,
    1,
  );
  return parseTemplateJson(text, 'cdk.out/S.template.json');
}

describe('modelCardsFromTemplate', () => {
  it('reads each recorded card with its construct path, positions inside the template', () => {
    const [recorded] = modelCardsFromTemplate(
      template([{ constructPath: 'S/Card', source: 'model-card.json', card: CARD }]),
    );
    assert.equal(recorded!.constructPath, 'S/Card');
    assert.equal(recorded!.source, 'model-card.json');
    assert.equal(recorded!.card.model?.id, 'acme/llm');
    assert.equal(recorded!.card.file, 'cdk.out/S.template.json');
    assert.deepEqual(recorded!.card.locate?.(['runtime', 'cuda']), {
      file: 'cdk.out/S.template.json',
      line: 12,
      column: 15,
    });
  });

  it('gives nothing for a template without recorded cards', () => {
    assert.deepEqual(modelCardsFromTemplate(parseTemplateJson('{"Resources": {}}', 't.json')), []);
  });

  it('rejects a malformed entry and an invalid card with the field and its position in the template', () => {
    assert.throws(
      () => modelCardsFromTemplate(template({})),
      (error: unknown) =>
        error instanceof InputError && /expected a list/.test(error.message) && error.location?.line === 3,
    );
    assert.throws(
      () => modelCardsFromTemplate(template([{ card: CARD }])),
      (error: unknown) =>
        error instanceof InputError && error.field === 'Metadata["PreflightGuard::ModelCards"][0]',
    );
    assert.throws(
      () => modelCardsFromTemplate(template([{ constructPath: 'S/Card', card: { image: {} } }])),
      (error: unknown) =>
        error instanceof InputError &&
        error.location?.file === 'cdk.out/S.template.json' &&
        error.location.line !== undefined,
    );
  });

  it('keeps one copy of a card recorded by several stacks, whatever its key order', () => {
    const a = modelCardsFromTemplate(template([{ constructPath: 'A/Card', card: CARD }]));
    const reordered = { image: CARD.image, runtime: CARD.runtime, model: CARD.model };
    const b = modelCardsFromTemplate(template([{ constructPath: 'B/Card', card: reordered }]));
    const other = modelCardsFromTemplate(
      template([{ constructPath: 'C/Card', card: { ...CARD, runtime: { cuda: '12.4' } } }]),
    );
    assert.deepEqual(
      distinctCards([...a, ...b, ...other]).map((entry) => entry.constructPath),
      ['A/Card', 'C/Card'],
    );
  });
});
