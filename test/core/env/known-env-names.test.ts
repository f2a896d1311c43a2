import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aliasFor,
  builtInEnvNames,
  ENV_NAME_ALIASES,
  envNameTokens,
  fillerTokenDifference,
  indexEnvNames,
  knownEnvNames,
  osaDistance,
  suggestEnvName,
  typoBound,
} from '../../../core/env';
import { parseEnvNameList } from '../../../core/env/env-name-list';

const entries = builtInEnvNames();
const byName = new Map(entries.map((entry) => [entry.name, entry]));

describe('built-in env name list (core/data/env-names.json)', () => {
  it('loads once and holds 150 to 250 unique names', () => {
    assert.equal(builtInEnvNames(), entries);
    assert.ok(entries.length >= 150 && entries.length <= 250, `${entries.length} names`);
    assert.equal(byName.size, entries.length);
  });

  it('holds the names the brief and the probe rely on', () => {
    for (const name of [
      'OPENAI_API_KEY',
      'OPENAI_LOG',
      'ANTHROPIC_API_KEY',
      'HF_TOKEN',
      'HF_HOME',
      'HF_HUB_CACHE',
      'HF_HUB_OFFLINE',
      'HF_ENDPOINT',
      'HF_HUB_ENABLE_HF_TRANSFER',
      'MODEL_ID',
      'REVISION',
      'MAX_INPUT_TOKENS',
      'NVIDIA_VISIBLE_DEVICES',
      'NVIDIA_DRIVER_CAPABILITIES',
      'NVIDIA_REQUIRE_CUDA',
      'CUDA_VISIBLE_DEVICES',
      'PYTORCH_CUDA_ALLOC_CONF',
      'NCCL_DEBUG',
      'TORCH_CUDA_ARCH_LIST',
      'OMP_NUM_THREADS',
      'AWS_REGION',
      'AWS_DEFAULT_REGION',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'LOG_LEVEL',
      'PORT',
      'HOST',
      'PYTHONUNBUFFERED',
      'PREFLIGHT_REQUIRED_CUDA',
      'PREFLIGHT_DEVICE',
      'TOKENIZER_SHA',
      'MODEL_REVISION',
      'CUDA_VERSION',
      'PYTORCH_VERSION',
    ]) {
      assert.ok(byName.has(name), name);
    }
  });

  it('points every deprecated name at a listed name that is not deprecated itself', () => {
    const deprecated = entries.filter((entry) => entry.deprecatedBy);
    assert.ok(deprecated.length >= 8);
    for (const entry of deprecated) {
      const replacement = byName.get(entry.deprecatedBy!);
      assert.ok(replacement, `${entry.name} → ${entry.deprecatedBy}`);
      assert.equal(replacement.deprecatedBy, undefined, entry.name);
    }
    assert.equal(byName.get('HUGGING_FACE_HUB_TOKEN')?.deprecatedBy, 'HF_TOKEN');
    assert.equal(byName.get('TRANSFORMERS_CACHE')?.deprecatedBy, 'HF_HOME');
    assert.equal(byName.get('HUGGINGFACE_HUB_CACHE')?.deprecatedBy, 'HF_HUB_CACHE');
  });

  it('marks credentials as secret', () => {
    for (const name of ['OPENAI_API_KEY', 'HF_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'ANTHROPIC_API_KEY']) {
      assert.equal(byName.get(name)?.secret, true, name);
    }
    assert.equal(byName.get('HF_HOME')?.secret, undefined);
  });

  it('refuses a file of another version or shape, naming the entry at fault', () => {
    assert.throws(() => parseEnvNameList({ version: 2, names: [] }), /version: 1/);
    assert.throws(() => parseEnvNameList({ version: 1, names: [{ name: 'A' }] }), /names\[0\]/);
    assert.throws(
      () => parseEnvNameList({ version: 1, names: [{ name: 'A', source: 'x', secret: 'yes' }] }),
      /names\[0\]/,
    );
  });
});

describe('alias table', () => {
  it('maps names nothing reads to listed, current names', () => {
    for (const alias of ENV_NAME_ALIASES) {
      assert.equal(byName.has(alias.name), false, `${alias.name} is listed, so it is not an alias`);
      const target = byName.get(alias.use);
      assert.ok(target, alias.use);
      assert.equal(target.deprecatedBy, undefined, alias.use);
    }
    assert.equal(aliasFor('claude_api_key')?.use, 'ANTHROPIC_API_KEY');
    assert.equal(aliasFor('HUGGINGFACE_TOKEN')?.use, 'HF_TOKEN');
    assert.equal(aliasFor('OPENAI_ORGANIZATION_ID')?.use, 'OPENAI_ORG_ID');
    assert.equal(aliasFor('OPENAI_API_KEY'), undefined);
  });
});

describe('legitimate names that are close to each other', () => {
  // Pairs within the typo bound or the token rule. The reference's 98 names had none; this larger list
  // has some (HTTP_PROXY / HTTPS_PROXY, OMP_ / MKL_NUM_THREADS, the *_VISIBLE_DEVICES family, ...).
  const candidates = knownEnvNames().candidates.filter((candidate) => candidate.spellings.length > 0);
  const close = candidates.flatMap((a) =>
    candidates
      .filter(
        (b) =>
          a !== b &&
          (osaDistance(a.folded, b.folded, typoBound(a.folded)) <= typoBound(a.folded) ||
            fillerTokenDifference(a.tokens, b.tokens) !== undefined),
      )
      .map((b) => [a.spellings[0]!.name, b.spellings[0]!.name] as const),
  );

  it('exist, and each one written exactly is judged known (or deprecated), never a typo of its neighbour', () => {
    assert.ok(close.length > 0);
    const known = knownEnvNames();
    for (const [a] of close) {
      const verdict = suggestEnvName(a, known);
      assert.ok(verdict.kind === 'known' || verdict.kind === 'deprecated', `${a}: ${verdict.kind}`);
    }
  });

  it('are never suggested for one another even when one of them is missing from the list', () => {
    // Leave each name out in turn and judge it: it stands for a real name the list does not hold yet.
    for (const entry of entries) {
      const rest = indexEnvNames(entries.filter((other) => other !== entry));
      const verdict = suggestEnvName(entry.name, rest);
      if (!('suggestion' in verdict)) continue;
      const acceptable = [entry.name.toUpperCase(), entry.deprecatedBy];
      assert.ok(
        acceptable.includes(verdict.suggestion.toUpperCase()),
        `${entry.name} left out became ${verdict.kind} ${verdict.suggestion}`,
      );
    }
  });

  it('make a name equally close to two of them ambiguous, never a single pick', () => {
    const known = knownEnvNames();
    assert.deepEqual(suggestEnvName('HTTPX_PROXY', known), {
      kind: 'ambiguous',
      name: 'HTTPX_PROXY',
      candidates: ['HTTPS_PROXY', 'HTTP_PROXY'],
    });
    assert.deepEqual(suggestEnvName('UVICORN_POST', known), {
      kind: 'ambiguous',
      name: 'UVICORN_POST',
      candidates: ['UVICORN_HOST', 'UVICORN_PORT'],
    });
  });
});

describe('knownEnvNames with declared names', () => {
  it('adds them, and a declaration overrides a built-in deprecation', () => {
    const known = knownEnvNames([
      { name: 'MY_SERVICE_ENDPOINT', source: 'preflight.yaml env.known' },
      { name: 'TRANSFORMERS_CACHE', source: 'model card /cards/a.json' },
    ]);
    assert.equal(suggestEnvName('MY_SERVICE_ENDPOINT', known).kind, 'known');
    assert.equal(suggestEnvName('TRANSFORMERS_CACHE', known).kind, 'known');
    assert.equal(suggestEnvName('TRANSFORMERS_CACHE', knownEnvNames()).kind, 'deprecated');
    assert.equal(envNameTokens('MY_SERVICE_ENDPOINT').length, 3);
  });
});
