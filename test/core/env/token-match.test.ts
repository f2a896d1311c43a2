import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envNameTokens, fillerTokenDifference } from '../../../core/env';

function difference(written: string, known: string) {
  return fillerTokenDifference(envNameTokens(written), envNameTokens(known));
}

describe('envNameTokens', () => {
  it('splits on _, upper-cases and drops empty tokens', () => {
    assert.deepEqual(envNameTokens('hf__hub_token_'), ['HF', 'HUB', 'TOKEN']);
  });
});

describe('fillerTokenDifference (the token rule)', () => {
  it('matches names that differ by one or two filler tokens', () => {
    assert.equal(difference('OPENAI_KEY', 'OPENAI_API_KEY'), 1);
    assert.equal(difference('AWS_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY'), 1);
    assert.equal(difference('HF_API_TOKEN', 'HF_TOKEN'), 1);
    assert.equal(difference('GEMINI_KEY', 'GEMINI_API_KEY'), 1);
    assert.equal(difference('AWS_SECRET', 'AWS_SECRET_ACCESS_KEY'), 2);
  });

  it('allows a swap of credential words only', () => {
    assert.equal(difference('HF_KEY', 'HF_TOKEN'), 2);
    assert.equal(difference('VLLM_API_TOKEN', 'VLLM_API_KEY'), 2);
    assert.equal(difference('OPENAI_API_URL', 'OPENAI_API_KEY'), undefined);
    assert.equal(difference('MODEL_NAME', 'MODEL_ID'), undefined);
  });

  it('counts a reorder as zero differing tokens', () => {
    assert.equal(difference('OPENAI_KEY_API', 'OPENAI_API_KEY'), 0);
  });

  it('requires the same vendor prefix, at least two tokens, fillers only, and at most two of them', () => {
    assert.equal(difference('OPEN_API_KEY', 'OPENAI_API_KEY'), undefined);
    assert.equal(difference('HOST_ID', 'HOST'), undefined);
    assert.equal(difference('OPENAI_MODEL', 'OPENAI_API_KEY'), undefined);
    assert.equal(difference('OPENAI', 'OPENAI_API_KEY'), undefined);
    assert.equal(difference('AWS_KEY', 'AWS_SECRET_ACCESS_KEY'), 2);
    assert.equal(difference('AWS_TOKEN', 'AWS_SECRET_ACCESS_KEY'), undefined);
  });
});
