import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envNameTokens } from '../../../core/env';
import { isDeliberateVariant } from '../../../core/env/deliberate-variant';

function deliberate(written: string, known: string): boolean {
  return isDeliberateVariant(written, known, envNameTokens(written), envNameTokens(known));
}

describe('isDeliberateVariant', () => {
  it('treats a number added or changed at the end as another variable', () => {
    assert.equal(deliberate('HF_TOKEN2', 'HF_TOKEN'), true);
    assert.equal(deliberate('VLLM_PORT_2', 'VLLM_PORT'), true);
    assert.equal(deliberate('VLLM_USE_V2', 'VLLM_USE_V1'), true);
  });

  it('treats whole non-filler words added or removed as another variable', () => {
    assert.equal(deliberate('HF_HUB_CACHE_DIR', 'HF_HUB_CACHE'), true);
    assert.equal(deliberate('MY_HF_TOKEN', 'HF_TOKEN'), true);
    assert.equal(deliberate('LANGCHAIN_TRACING', 'LANGCHAIN_TRACING_V2'), true);
    assert.equal(deliberate('AWS_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'), false);
  });

  it('treats a word swapped for a different word as another variable', () => {
    assert.equal(deliberate('ANTHROPIC_API_URL', 'ANTHROPIC_API_KEY'), true);
    assert.equal(deliberate('OMP_NUM_THREADS', 'MKL_NUM_THREADS'), true);
    assert.equal(deliberate('MAX_TOP_N_TOKENS', 'MAX_TOTAL_TOKENS'), true);
    assert.equal(deliberate('VLLM_AUDIO_FETCH_TIMEOUT', 'VLLM_VIDEO_FETCH_TIMEOUT'), true);
    assert.equal(deliberate('CO_API_KEY', 'HF_API_KEY'), true);
  });

  it('keeps misspellings, run-together words and longer or shorter forms of a word as typos', () => {
    assert.equal(deliberate('CUDA_VISABLE_DEVICES', 'CUDA_VISIBLE_DEVICES'), false);
    assert.equal(deliberate('OPEN_API_KEY', 'OPENAI_API_KEY'), false);
    assert.equal(deliberate('PYTORCH_CUDA_ALLOC_CONFIG', 'PYTORCH_CUDA_ALLOC_CONF'), false);
    assert.equal(deliberate('TORCH_CUDA_ALLOC_CONF', 'PYTORCH_CUDA_ALLOC_CONF'), false);
    assert.equal(deliberate('HF_HUB_ENABLE_HFTRANSFER', 'HF_HUB_ENABLE_HF_TRANSFER'), false);
    assert.equal(deliberate('HUGGINGFACE_HUB_TOKEN', 'HUGGING_FACE_HUB_TOKEN'), false);
  });

  it('treats a one-word name as a word of its own: plural, prefix, or run-together', () => {
    assert.equal(deliberate('HOSTS', 'HOST'), true);
    assert.equal(deliberate('TYPE', 'DTYPE'), true);
    assert.equal(deliberate('LOGLEVEL', 'LOG_LEVEL'), true);
    assert.equal(deliberate('PYTHONUNBUFERED', 'PYTHONUNBUFFERED'), false);
  });
});
