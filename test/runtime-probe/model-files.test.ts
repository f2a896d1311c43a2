import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileHashes } from '../../runtime-probe/file-hashes';
import { logLine, runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

const TOKENIZER = '{"version":"1.0","model":{"type":"BPE","vocab":{"a":0}}}\n';
const CONFIG = '{"architectures":["LlamaForCausalLM"],"transformers_version":"4.44.0"}\n';
const REVISION = '0e9e39f249a16976918f6564b8830bc894c89659';

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const gitSha1 = (text: string | Buffer) =>
  createHash('sha1')
    .update(`blob ${Buffer.byteLength(text)}\0`)
    .update(text)
    .digest('hex');

/** A model folder and a card that declares its files' hashes (`skew` changes the tokenizer on disk). */
function modelFolder(
  options: { tokenizer?: string; config?: string; cardExtra?: object; files?: Record<string, string> } = {},
) {
  const dir = tempFiles({
    'model/tokenizer.json': options.tokenizer ?? TOKENIZER,
    'model/config.json': options.config ?? CONFIG,
    ...options.files,
    'model-card.json': JSON.stringify({
      model: {
        id: 'meta-llama/Llama-3.1-8B-Instruct',
        revision: REVISION,
        files: { 'config.json': { sha256: sha256(CONFIG) } },
      },
      tokenizer: { files: { 'tokenizer.json': { sha256: sha256(TOKENIZER), git_sha1: gitSha1(TOKENIZER) } } },
      image: { repository: 'ghcr.io/acme/llm' },
      ...options.cardExtra,
    }),
  });
  return { dir, model: join(dir, 'model'), card: join(dir, 'model-card.json') };
}

describe('preflight probe model', () => {
  it('passes when the tokenizer and config files match the card', () => {
    const { model, card } = modelFolder();
    const run = runProbeCli(['model', model, '--model-card', card]);
    assert.equal(run.code, 0, run.stderr);
    const log = logLine(run);
    assert.equal(log.verdict, 'match');
    assert.equal(log.files_checked, 2);
    assert.equal(log.passed, 3);
    assert.match(run.stderr, /✔ tokenizer\.json sha256 \.+ [0-9a-f]{12}…/);
    assert.match(run.stderr, /✔ tokenizer\.json git blob sha1 \.+ [0-9a-f]{12}…/);
    assert.match(run.stderr, /→ Safe to start\./);
  });

  it("a different tokenizer is the seed's checkpoint ↔ tokenizer MISMATCH, exit 1", () => {
    const { model, card } = modelFolder({ tokenizer: TOKENIZER.replace('"a":0', '"b":0') });
    const run = runProbeCli(['model', model, '--model-card', card]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /✖ checkpoint ↔ tokenizer MISMATCH: tokenizer\.json sha256 is [0-9a-f]{12}…, model card meta-llama\/Llama-3\.1-8B-Instruct declares [0-9a-f]{12}… {2}model-card-skew/,
    );
    assert.match(run.stderr, /✖ checkpoint ↔ tokenizer MISMATCH: tokenizer\.json git blob sha1 is/);
    assert.match(run.stderr, /at .*model-card\.json:\d+:\d+/);
    assert.match(run.stderr, /→ Aborting start \(2 blocking findings: model-card-skew\)/);
    const log = logLine(run);
    assert.equal(log.verdict, 'mismatch');
    const blocking = (log.findings as { severity: string }[]).filter(
      (finding) => finding.severity === 'error',
    );
    assert.equal(blocking.length, 2);
  });

  it('a missing declared file blocks', () => {
    const { dir, card } = modelFolder();
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    const run = runProbeCli(['model', empty, '--model-card', card]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /✖ tokenizer file tokenizer\.json is missing from the model folder/);
    assert.equal(logLine(run).files_checked, 0, 'a missing file was not checked');
  });

  it('says "cannot verify" for model.revision outside a Hugging Face snapshot, and counts it apart from passed', () => {
    const { model, card } = modelFolder();
    const run = runProbeCli(['model', model, '--model-card', card]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /ℹ model\.revision: cannot verify: the model folder records no revision \(not a Hugging Face cache snapshots\/<commit> folder/,
    );
    assert.doesNotMatch(run.stderr, /✔ model\.revision/);
    const log = logLine(run);
    assert.deepEqual([log.passed, log.cannot_verify], [3, 1]);
  });

  it('compares tokenizer_sha with the sha256 of tokenizer.json, and says "cannot verify" when none was read', () => {
    const prefix = sha256(TOKENIZER).slice(0, 7);
    const same = modelFolder({ cardExtra: { tokenizer_sha: prefix } });
    const agreed = runProbeCli(['model', same.model, '--model-card', same.card]);
    assert.equal(agreed.code, 0, agreed.stderr);
    assert.match(agreed.stderr, /✔ tokenizer_sha \.+ [0-9a-f]{12}… {2}\(sha256 of tokenizer\.json\)/);
    assert.equal(logLine(agreed).passed, 4);

    const other = modelFolder({ cardExtra: { tokenizer_sha: '9e7f02d' } });
    const skewed = runProbeCli(['model', other.model, '--model-card', other.card]);
    assert.equal(skewed.code, 1);
    assert.match(
      skewed.stderr,
      /✖ checkpoint ↔ tokenizer MISMATCH: tokenizer\.json sha256 is [0-9a-f]{12}…, model card .* declares tokenizer_sha 9e7f02d/,
    );

    // A card that declares tokenizer_sha but no tokenizer.json hashes: nothing was compared.
    const unread = modelFolder({
      cardExtra: { tokenizer_sha: prefix, tokenizer: { id: 'meta-llama/Llama-3.1-8B-Instruct' } },
    });
    const unverified = runProbeCli(['model', unread.model, '--model-card', unread.card]);
    assert.equal(unverified.code, 0, unverified.stderr);
    assert.match(
      unverified.stderr,
      /ℹ tokenizer_sha: cannot verify: the model card lists no tokenizer\.json/,
    );
    assert.doesNotMatch(unverified.stderr, /✔ tokenizer_sha/);
    assert.equal(logLine(unverified).cannot_verify, 2);
  });

  it('a tokenizer.json that is a folder is one input error (what and where), exit 2; the other files are still checked', () => {
    const { dir, model, card } = modelFolder();
    const status = join(dir, 'status.json');
    rmSync(join(model, 'tokenizer.json'));
    mkdirSync(join(model, 'tokenizer.json'));
    const run = runProbeCli(['model', model, '--model-card', card, '--status-file', status]);
    assert.equal(run.code, 2, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error|\n\s+at .*\.[jt]s:\d+/);
    assert.match(
      run.stderr,
      /✖ \S*tokenizer\.json: tokenizer file tokenizer\.json is a folder, expected a regular file\n/,
    );
    assert.doesNotMatch(run.stderr, /tokenizer\.json is missing/);
    assert.match(run.stderr, /✔ config\.json sha256/);
    const log = JSON.parse(readFileSync(status, 'utf8'));
    assert.deepEqual([log.verdict, log.files_checked, log.input_errors.length], ['unreadable', 1, 1]);
  });

  it('an override for model-card-skew with a reason lets it start, as a warning; an expired one does not', () => {
    const { dir, model, card } = modelFolder({ tokenizer: 'retrained\n' });
    const config = (expires: string) => {
      const file = join(dir, `preflight-${expires}.yaml`);
      writeFileSync(
        file,
        `overrides:\n  - rule: model-card-skew\n    target: tokenizer.json\n    reason: canary of the retrained tokenizer, INC-4512\n    expires: '${expires}'\n`,
      );
      return file;
    };
    const overridden = runProbeCli([
      'model',
      model,
      '--model-card',
      card,
      '--config',
      config('2099-01-01'),
      '--today',
      '2026-11-25',
    ]);
    assert.equal(overridden.code, 0, overridden.stderr);
    assert.match(
      overridden.stderr,
      /⚠ checkpoint ↔ tokenizer MISMATCH: .*\[overridden: canary of the retrained tokenizer, INC-4512; until 2099-01-01\]/,
    );
    assert.equal(
      (logLine(overridden).findings as { override?: string }[])[0]!.override,
      'canary of the retrained tokenizer, INC-4512',
    );
    const expired = runProbeCli([
      'model',
      model,
      '--model-card',
      card,
      '--config',
      config('2026-01-01'),
      '--today',
      '2026-11-25',
    ]);
    assert.equal(expired.code, 1);
    assert.match(expired.stderr, /override for model-card-skew on tokenizer\.json expired on 2026-01-01/);
  });

  it('checks the revision a Hugging Face download records: local-dir metadata and cache snapshot folders', () => {
    const other = 'f'.repeat(40);
    const metadata = (commit: string) => `${commit}\n"etag"\n1732550000.0\n`;
    const local = modelFolder({
      files: { 'model/.cache/huggingface/download/config.json.metadata': metadata(other) },
    });
    const run = runProbeCli(['model', local.model, '--model-card', local.card]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /✖ model\.revision MISMATCH: the model folder was downloaded at ffffffffffff…, model card .* declares 0e9e39f249a1…/,
    );
    const snapshot = modelFolder({
      files: {
        [`hub/snapshots/${REVISION}/tokenizer.json`]: TOKENIZER,
        [`hub/snapshots/${REVISION}/config.json`]: CONFIG,
      },
    });
    const good = runProbeCli([
      'model',
      join(snapshot.dir, 'hub', 'snapshots', REVISION),
      '--model-card',
      snapshot.card,
    ]);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stderr, /✔ model\.revision \.+ 0e9e39f249a1…/);
  });

  it('bad input exits 2: a malformed card, a file outside the folder, no card', () => {
    const { dir, model } = modelFolder();
    writeFileSync(
      join(dir, 'broken.json'),
      '{"image": {"repository": "ghcr.io/acme/llm"}, "tokenizer": {"files": {"t.json": {"sha256": "nothex"}}}}',
    );
    const broken = runProbeCli(['model', model, '--model-card', join(dir, 'broken.json')]);
    assert.equal(broken.code, 2);
    assert.match(
      broken.stderr,
      /^preflight: error: .*broken\.json:1:\d+: tokenizer\.files\.t\.json\.sha256: expected 64 hex characters/,
    );
    assert.equal(broken.stdout, '');
    writeFileSync(
      join(dir, 'escape.json'),
      JSON.stringify({
        image: { repository: 'a/b' },
        tokenizer: { files: { '../model-card.json': { sha256: 'a'.repeat(64) } } },
      }),
    );
    assert.match(
      runProbeCli(['model', model, '--model-card', join(dir, 'escape.json')]).stderr,
      /"\.\.\/model-card\.json" is outside the model folder/,
    );
    assert.match(runProbeCli(['model', model]).stderr, /no model card: give --model-card FILE/);
  });
});

describe('file hashes', () => {
  it('streams big files and matches git hash-object', async () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'weights');
    const dir = tempFiles({ 'model.safetensors': big, empty: '' });
    const hashes = await fileHashes(join(dir, 'model.safetensors'));
    assert.deepEqual(hashes, { sha256: sha256(big), gitSha1: gitSha1(big), bytes: big.length });
    const git = spawnSync('git', ['hash-object', join(dir, 'model.safetensors')], { encoding: 'utf8' });
    if (git.status === 0) assert.equal(git.stdout.trim(), hashes.gitSha1);
    assert.equal(
      (await fileHashes(join(dir, 'empty'))).gitSha1,
      'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
      "git's empty blob",
    );
    assert.equal(readFileSync(join(dir, 'empty'), 'utf8'), '');
  });
});
