import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ModelCard } from '../../constructs';
import { MODEL_CARD_ANNOTATION } from '../../core/check/bindings';
import { MODEL_CARDS_METADATA } from '../../core/model/template-metadata';
import { CARD, cardFiles } from './cards';

const files = cardFiles({
  card: CARD,
  other: { ...CARD, model: { ...CARD.model, id: 'acme/embedder' }, runtime: { cuda: '12.1' } },
  anonymous: { image: { repository: 'ghcr.io/acme/tool' } },
  badJson: '{\n  "image": {\n    "repository": "ghcr.io/acme/x",\n  }\n}\n',
  badSchema: '{\n  "image": {\n    "repository": "ghcr.io/acme/x"\n  },\n  "runtime": { "cuda": 12.4 }\n}\n',
  badVersion:
    '{\n  "image": { "repository": "ghcr.io/acme/x" },\n  "runtime": {\n    "cuda": "twelve"\n  }\n}\n',
  noImage: '{\n  "runtime": { "cuda": "12.4" }\n}\n',
});

const source = (file: string) => relative(process.cwd(), file).split('\\').join('/');

describe('ModelCard', () => {
  it('records each card of a stack in the template Metadata, in construct order, exactly as written', () => {
    const app = new App();
    const stack = new Stack(app, 'Serving');
    new ModelCard(stack, 'Llm', { file: files.card });
    new ModelCard(stack, 'Embedder', { file: files.other });
    const template = Template.fromStack(stack).toJSON();
    assert.deepEqual(template.Metadata[MODEL_CARDS_METADATA], [
      { constructPath: 'Serving/Llm', source: source(files.card), card: CARD },
      {
        constructPath: 'Serving/Embedder',
        source: source(files.other),
        card: JSON.parse(readFileSync(files.other, 'utf8')),
      },
    ]);
  });

  it('records a card only in its own stack, beside Metadata the app set', () => {
    const app = new App();
    const first = new Stack(app, 'First');
    first.templateOptions.metadata = { Owner: 'ml-platform' };
    const second = new Stack(app, 'Second');
    new ModelCard(first, 'Card', { file: files.card });
    const assembly = app.synth();
    const firstTemplate = assembly.getStackByName('First').template;
    assert.equal(firstTemplate.Metadata.Owner, 'ml-platform');
    assert.equal(firstTemplate.Metadata[MODEL_CARDS_METADATA].length, 1);
    assert.equal(assembly.getStackByName('Second').template.Metadata?.[MODEL_CARDS_METADATA], undefined);
    assert.equal(Template.fromStack(second).toJSON().Metadata?.[MODEL_CARDS_METADATA], undefined);
  });

  it('exposes the declared runtime as core reads it', () => {
    const card = new ModelCard(new Stack(), 'Card', { file: files.card });
    assert.equal(card.file, files.card);
    assert.equal(card.modelId, 'acme/llm-8b');
    assert.equal(card.requiredCuda, '12.4');
    assert.deepEqual(card.runtime, { cuda: '12.4', pytorch: '2.4.0' });
    assert.deepEqual(card.requiredEnv, ['HF_TOKEN']);
    assert.equal(card.imageRepository, 'ghcr.io/acme/llm-server');
    assert.equal(card.bindingName, 'acme/llm-8b');
    assert.equal(card.declared.file, files.card);
  });

  it('binds a task definition to the card by model id, else by its source file', () => {
    const stack = new Stack();
    const task = new ecs.Ec2TaskDefinition(stack, 'Task');
    const card = new ModelCard(stack, 'Card', { file: files.card });
    card.bind(task);
    card.bind(task);
    const tool = new ecs.Ec2TaskDefinition(stack, 'Tool');
    const anonymous = new ModelCard(stack, 'Anonymous', { file: files.anonymous });
    anonymous.bind(tool);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ECS::TaskDefinition', {
      Metadata: Match.objectLike({ [MODEL_CARD_ANNOTATION]: 'acme/llm-8b' }),
    });
    template.hasResource('AWS::ECS::TaskDefinition', {
      Metadata: Match.objectLike({ [MODEL_CARD_ANNOTATION]: source(files.anonymous) }),
    });
  });

  it('fails to bind a second, different card to a task definition', () => {
    const stack = new Stack(new App(), 'Serving');
    const task = new ecs.Ec2TaskDefinition(stack, 'Task');
    new ModelCard(stack, 'Llm', { file: files.card }).bind(task);
    const other = new ModelCard(stack, 'Embedder', { file: files.other });
    assert.throws(
      () => other.bind(task),
      /^Error: Serving\/Embedder: task definition Serving\/Task is already bound to model card "acme\/llm-8b": got a second card "acme\/embedder", expected one card per task definition$/,
    );
  });

  /** Creates the card, asserts the error names the file and position, and that nothing was recorded. */
  function assertInvalid(file: string, where: RegExp): void {
    const stack = new Stack(new App(), 'Serving');
    assert.throws(
      () => new ModelCard(stack, 'Card', { file }),
      (error: Error) => {
        assert.match(error.message, /^Serving\/Card: invalid model card /);
        assert.match(error.message, where);
        return true;
      },
    );
    assert.equal(Template.fromStack(stack).toJSON().Metadata?.[MODEL_CARDS_METADATA], undefined);
  }

  it('fails on a card that is not JSON, naming the file, line and column', () => {
    assertInvalid(files.badJson, new RegExp(`${literal(source(files.badJson))}:4:3: `));
  });

  it('fails on a card the schema rejects, naming the file, position and field', () => {
    assertInvalid(files.badSchema, new RegExp(`${literal(source(files.badSchema))}:5:24: runtime\\.cuda: `));
  });

  it('fails on a runtime version that does not parse, at its position', () => {
    assertInvalid(
      files.badVersion,
      new RegExp(`${literal(source(files.badVersion))}:4:13: runtime\\.cuda: `),
    );
  });

  it('fails on a card without its required image', () => {
    assertInvalid(files.noImage, /noImage\.json:1:1: .*image/);
  });

  it('fails on a card file that does not exist', () => {
    const missing = join(files.card, '..', 'missing.json');
    assertInvalid(missing, /missing\.json: cannot read: no such file \(ENOENT\)/);
  });
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
