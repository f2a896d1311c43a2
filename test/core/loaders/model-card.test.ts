import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadModelCard } from '../../../core/loaders/model-card';
import { expectInputError } from '../../harness/input-error';
import { tempFiles } from '../../harness/temp-files';

const VALID = {
  model: { id: 'meta-llama/Llama-3.1-8B-Instruct', revision: '0e9e39f249a16976918f6564b8830bc894c89659' },
  tokenizer_sha: 'AD4C1B9',
  tokenizer: {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    files: { 'tokenizer.json': { sha256: 'a'.repeat(64), git_sha1: 'b'.repeat(40) } },
  },
  runtime: { cuda: '12.1', pytorch: '2.3.0+cu121', transformers: '4.44.0', vllm: 'v0.6.0' },
  image: { repository: 'ghcr.io/acme/llm-server', tag: '2.3.0-cuda12.1' },
  env: { required: ['HF_TOKEN'] },
  'x-team': 'inference',
};

function cardFile(content: unknown): string {
  const text = typeof content === 'string' ? content : JSON.stringify(content, null, 2);
  return join(tempFiles({ 'model-card.json': text }), 'model-card.json');
}

describe('loadModelCard', () => {
  it('loads every fixed key, lower-cases the tokenizer sha and keeps field positions', () => {
    const file = cardFile(VALID);
    const card = loadModelCard(file);
    assert.equal(card.model?.id, 'meta-llama/Llama-3.1-8B-Instruct');
    assert.equal(card.tokenizer_sha, 'ad4c1b9');
    assert.equal(card.tokenizer?.files?.['tokenizer.json']?.git_sha1, 'b'.repeat(40));
    assert.deepEqual(card.runtime, VALID.runtime);
    assert.deepEqual(card.image, VALID.image);
    assert.deepEqual(card.env.required, ['HF_TOKEN']);
    assert.deepEqual(card.locate?.(['image', 'repository']), { file, line: 23, column: 19 });
  });

  it('needs only image.repository', () => {
    const card = loadModelCard(cardFile({ image: { repository: 'vllm/vllm-openai' } }));
    assert.deepEqual(card.runtime, {});
    assert.deepEqual(card.env.required, []);
  });

  const bad: [string, unknown, RegExp, string][] = [
    ['a card without image', { model: { id: 'x' } }, /missing required field "image"/, ''],
    [
      'an unknown field',
      { ...VALID, tokenzier_sha: 'ad4c1b9' },
      /unknown field "tokenzier_sha"/,
      'tokenzier_sha',
    ],
    [
      'a short model revision',
      { ...VALID, model: { revision: 'main' } },
      /expected a full 40-hex commit sha/,
      'model.revision',
    ],
    [
      'a tokenizer sha that is too short',
      { ...VALID, tokenizer_sha: 'ad4c1' },
      /expected a hex prefix of at least 7/,
      'tokenizer_sha',
    ],
    [
      'an invalid version',
      { ...VALID, runtime: { cuda: 'twelve' } },
      /invalid version "twelve"/,
      'runtime.cuda',
    ],
    [
      'an invalid repository',
      { ...VALID, image: { repository: 'GHCR.io/Acme/LLM' } },
      /./,
      'image.repository',
    ],
    [
      'a bad digest',
      { ...VALID, image: { repository: 'a/b', digest: 'sha256:xyz' } },
      /expected a digest/,
      'image.digest',
    ],
    [
      'a bad env name',
      { ...VALID, env: { required: ['HF TOKEN'] } },
      /expected an environment variable name/,
      'env.required[0]',
    ],
  ];
  for (const [what, content, message, field] of bad) {
    it(`refuses ${what} with the file, position and field`, () => {
      const file = cardFile(content);
      const error = expectInputError(() => loadModelCard(file));
      assert.match(error.message, message);
      assert.equal(error.location?.file, file);
      assert.ok(error.location?.line, 'has a line');
      if (field) assert.equal(error.field, field);
    });
  }

  it('refuses malformed JSON at its line and column', () => {
    const file = cardFile('{\n  "image": {\n    "repository": "a/b",\n  }\n}\n');
    const error = expectInputError(() => loadModelCard(file));
    assert.equal(error.location?.file, file);
    assert.equal(error.location?.line, 4);
  });
});
