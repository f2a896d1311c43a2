import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { knownEnvNames, suggestEnvName } from '../../../core/env';

const known = knownEnvNames();

/** Realistic misspellings (our own set, in the spirit of the reference's 25) and the name each meant. */
export const TYPOS: readonly (readonly [typo: string, meant: string])[] = [
  ['OPEN_API_KEY', 'OPENAI_API_KEY'],
  ['OPENAI_KEY', 'OPENAI_API_KEY'],
  ['OPNEAI_API_KEY', 'OPENAI_API_KEY'],
  ['OPENAI_APIKEY', 'OPENAI_API_KEY'],
  ['ANTHROPIC_KEY', 'ANTHROPIC_API_KEY'],
  ['ANTROPIC_API_KEY', 'ANTHROPIC_API_KEY'],
  ['CUDA_VISABLE_DEVICES', 'CUDA_VISIBLE_DEVICES'],
  ['CUDA_VISIBLE_DEVICE', 'CUDA_VISIBLE_DEVICES'],
  ['NVIDA_VISIBLE_DEVICES', 'NVIDIA_VISIBLE_DEVICES'],
  ['NVIDIA_DRIVER_CAPABILITY', 'NVIDIA_DRIVER_CAPABILITIES'],
  ['HF_HUB_TOKEN', 'HF_TOKEN'],
  ['HF_HUB_ENABLE_HFTRANSFER', 'HF_HUB_ENABLE_HF_TRANSFER'],
  ['HF_HUB_OFFLNE', 'HF_HUB_OFFLINE'],
  ['HUGGINGFACE_HUB_TOKEN', 'HF_TOKEN'],
  ['AWS_SECRET_KEY', 'AWS_SECRET_ACCESS_KEY'],
  ['AWS_ACESS_KEY_ID', 'AWS_ACCESS_KEY_ID'],
  ['AWS_DEFAULT_REGOIN', 'AWS_DEFAULT_REGION'],
  ['GEMINI_KEY', 'GEMINI_API_KEY'],
  ['PYTORCH_CUDA_ALLOC_CONFIG', 'PYTORCH_CUDA_ALLOC_CONF'],
  ['OMP_NUM_THREAD', 'OMP_NUM_THREADS'],
  ['NCCL_SOCKET_IFACE', 'NCCL_SOCKET_IFNAME'],
  ['VLLM_WORKER_MULTIPROCESS_METHOD', 'VLLM_WORKER_MULTIPROC_METHOD'],
  ['MLFLOW_TRACKING_URL', 'MLFLOW_TRACKING_URI'],
  ['WANDB_KEY', 'WANDB_API_KEY'],
  ['PYTHONUNBUFERED', 'PYTHONUNBUFFERED'],
];

/** Names real apps set that the list does not hold, and that must not get a "did you mean". */
export const DIFFERENT_NAMES: readonly string[] = [
  'MY_APP_MODE',
  'REDIS_URL',
  'DATABASE_URL',
  'OPENAI_MODEL',
  'OPENAI_TIMEOUT',
  'ANTHROPIC_MODEL',
  'ANTHROPIC_API_URL_OVERRIDE',
  'MODEL_NAME',
  'MODEL_PATH',
  'MODEL_URL',
  'HF_MODEL_ID',
  'HF_HUB_CACHE_DIR',
  'OPENAI_API_KEY_2',
  'HF_TOKEN2',
  'VLLM_PORT_2',
  'APP_PORT',
  'METRICS_PORT',
  'NODE_ENV',
  'SECRET_KEY',
  'API_KEY',
  'JWT_SECRET',
  'SENTRY_DSN',
  'POSTGRES_PASSWORD',
  'S3_BUCKET',
  'AWS_ACCOUNT_ID',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'LANGCHAIN_TRACING',
  'CUDA_DEVICE_MAX_CONNECTIONS',
  'NCCL_NVLS_ENABLE',
  'NCCL_DEBUG_FILE',
  'LOCAL_WORLD_SIZE',
  'MAX_TOP_N_TOKENS',
  'MAX_WAITING_TOKENS',
  'VLLM_RPC_TIMEOUT',
  'VLLM_DP_SIZE',
  'VLLM_LOG_LEVEL',
  'MAX_MODEL_LEN',
  'GPU_MEMORY_UTILIZATION',
  'QDRANT_API_KEY',
  'TRITON_CACHE_DIR',
  'TF_CPP_MIN_LOG_LEVEL',
  'HOSTS',
  'PORTS',
  'TYPE',
  'LOGLEVEL',
  'RETENTION',
  'TZ',
  'LANG',
];

describe('suggestEnvName: realistic typos', () => {
  for (const [typo, meant] of TYPOS) {
    it(`${typo} → ${meant}`, () => {
      const verdict = suggestEnvName(typo, known);
      assert.equal(verdict.kind, 'typo');
      assert.equal('suggestion' in verdict && verdict.suggestion, meant);
    });
  }

  it('gets all 25 right and none wrong (the reference measured 22/25 on its list)', () => {
    const verdicts = TYPOS.map(([typo, meant]) => [suggestEnvName(typo, known), meant] as const);
    const correct = verdicts.filter(
      ([verdict, meant]) => 'suggestion' in verdict && verdict.suggestion === meant,
    );
    const wrong = verdicts.filter(
      ([verdict, meant]) => 'suggestion' in verdict && verdict.suggestion !== meant,
    );
    assert.equal(TYPOS.length, 25);
    assert.equal(correct.length, 25);
    assert.equal(wrong.length, 0);
  });

  it('says which test matched, and the name a typo resembles when it suggests that name’s replacement', () => {
    assert.deepEqual(suggestEnvName('OPENAI_KEY', known), {
      kind: 'typo',
      name: 'OPENAI_KEY',
      suggestion: 'OPENAI_API_KEY',
      resembles: 'OPENAI_API_KEY',
      by: 'tokens',
    });
    assert.deepEqual(suggestEnvName('HUGGINGFACE_HUB_TOKEN', known), {
      kind: 'typo',
      name: 'HUGGINGFACE_HUB_TOKEN',
      suggestion: 'HF_TOKEN',
      resembles: 'HUGGING_FACE_HUB_TOKEN',
      by: 'edits',
      distance: 1,
    });
  });

  it('suggests OPENAI_API_KEY, not the nearer OPENAI_LOG, for OPENAI_KEY; and OPENAI_LOG itself is known', () => {
    assert.equal(suggestEnvName('OPENAI_LOG', known).kind, 'known');
    const verdict = suggestEnvName('OPENAI_KEY', known);
    assert.ok(verdict.kind === 'typo' && verdict.suggestion === 'OPENAI_API_KEY');
  });
});

describe('suggestEnvName: names that are simply different', () => {
  for (const name of DIFFERENT_NAMES) {
    it(`${name} is unknown, with no suggestion`, () => {
      assert.deepEqual(suggestEnvName(name, known), { kind: 'unknown', name });
    });
  }

  it('leaves OPENAI_LOG known even when the app declares OPENAI_KEY', () => {
    const declared = knownEnvNames([{ name: 'OPENAI_KEY', source: 'preflight.yaml env.known' }]);
    assert.equal(suggestEnvName('OPENAI_KEY', declared).kind, 'known');
    assert.equal(suggestEnvName('OPENAI_LOG', declared).kind, 'known');
  });
});

describe('suggestEnvName: letter case', () => {
  it('reports a known name in other case as case-mismatch', () => {
    assert.deepEqual(suggestEnvName('openai_api_key', known), {
      kind: 'case-mismatch',
      name: 'openai_api_key',
      suggestion: 'OPENAI_API_KEY',
      resembles: 'OPENAI_API_KEY',
    });
    assert.equal(suggestEnvName('Hf_Token', known).kind, 'case-mismatch');
    assert.equal(suggestEnvName('Http_Proxy', known).kind, 'case-mismatch');
  });

  it('suggests the replacement for a deprecated name in other case', () => {
    assert.deepEqual(suggestEnvName('hugging_face_hub_token', known), {
      kind: 'case-mismatch',
      name: 'hugging_face_hub_token',
      suggestion: 'HF_TOKEN',
      resembles: 'HUGGING_FACE_HUB_TOKEN',
    });
  });

  it('treats a misspelt lower-case huggingface_hub_token as a typo of the deprecated name, suggesting HF_TOKEN', () => {
    const verdict = suggestEnvName('huggingface_hub_token', known);
    assert.ok(verdict.kind === 'typo' && verdict.suggestion === 'HF_TOKEN');
  });

  it('knows names that are real in both cases (http_proxy and HTTP_PROXY)', () => {
    assert.equal(suggestEnvName('http_proxy', known).kind, 'known');
    assert.equal(suggestEnvName('HTTP_PROXY', known).kind, 'known');
    const lower = suggestEnvName('https_prxy', known);
    assert.ok(lower.kind === 'typo' && lower.suggestion === 'https_proxy');
  });
});

describe('suggestEnvName: aliases and deprecated names', () => {
  it('reports a curated alias, in any case, with the name that is read', () => {
    for (const [name, use] of [
      ['CLAUDE_API_KEY', 'ANTHROPIC_API_KEY'],
      ['claude_api_key', 'ANTHROPIC_API_KEY'],
      ['HUGGINGFACE_TOKEN', 'HF_TOKEN'],
      ['OPENAI_ORGANIZATION_ID', 'OPENAI_ORG_ID'],
      ['OPENAI_API_URL', 'OPENAI_BASE_URL'],
    ]) {
      const verdict = suggestEnvName(name!, known);
      assert.equal(verdict.kind, 'alias', name);
      assert.equal('suggestion' in verdict && verdict.suggestion, use, name);
    }
  });

  it('reports a deprecated name that something still reads, with its replacement', () => {
    for (const [name, use] of [
      ['HUGGING_FACE_HUB_TOKEN', 'HF_TOKEN'],
      ['TRANSFORMERS_CACHE', 'HF_HOME'],
      ['HUGGINGFACE_HUB_CACHE', 'HF_HUB_CACHE'],
      ['HF_API_TOKEN', 'HF_TOKEN'],
      ['HUGGINGFACEHUB_API_TOKEN', 'HF_TOKEN'],
      ['OPENAI_API_BASE', 'OPENAI_BASE_URL'],
      ['OPENAI_ORGANIZATION', 'OPENAI_ORG_ID'],
      ['MAX_INPUT_LENGTH', 'MAX_INPUT_TOKENS'],
      ['NCCL_ASYNC_ERROR_HANDLING', 'TORCH_NCCL_ASYNC_ERROR_HANDLING'],
    ]) {
      const verdict = suggestEnvName(name!, known);
      assert.equal(verdict.kind, 'deprecated', name);
      assert.equal('suggestion' in verdict && verdict.suggestion, use, name);
    }
  });

  it('suggests an alias’s target for a misspelt alias', () => {
    const verdict = suggestEnvName('CLAUDE_API_KY', known);
    assert.ok(verdict.kind === 'typo' && verdict.suggestion === 'ANTHROPIC_API_KEY');
  });
});

describe('suggestEnvName: ambiguity', () => {
  it('names every equally good candidate and suggests none', () => {
    for (const [name, candidates] of [
      ['AWS_KEY', ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']],
      ['AWS_ACCESS_KEY', ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']],
      ['MLFLOW_EXPERIMENT', ['MLFLOW_EXPERIMENT_ID', 'MLFLOW_EXPERIMENT_NAME']],
    ] as const) {
      assert.deepEqual(suggestEnvName(name, known), { kind: 'ambiguous', name, candidates: [...candidates] });
    }
  });
});

describe('suggestEnvName: declared names', () => {
  it('suggests a name a card or the config declares', () => {
    const declared = knownEnvNames([{ name: 'RERANKER_ENDPOINT', source: 'preflight.yaml env.known' }]);
    const verdict = suggestEnvName('RERANKER_ENDPIONT', declared);
    assert.ok(verdict.kind === 'typo' && verdict.suggestion === 'RERANKER_ENDPOINT');
    assert.equal(suggestEnvName('RERANKER_ENDPIONT', known).kind, 'unknown');
  });
});
