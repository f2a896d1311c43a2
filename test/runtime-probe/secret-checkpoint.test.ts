import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PollClock } from '../../runtime-probe/poll-with-backoff';
import { secretCheckpoint, secretOptions } from '../../runtime-probe/secret-checkpoint';
import { logLine, runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

/** A clock that only moves when the checkpoint waits, recording each wait; `onWait` runs as it goes to sleep. */
function recordingClock(onWait: (waits: number[]) => void = () => {}): PollClock & { waits: number[] } {
  let now = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    sleep: async (ms) => {
      waits.push(ms);
      now += ms;
      onWait(waits);
    },
  };
}

describe('preflight probe secrets (boot checkpoint)', () => {
  it('passes when every secret is in env, a NAME_FILE file, a secret folder or a named file', () => {
    const files = tempFiles({ 'vol/OPENAI_API_KEY': 'x', 'vault/db-password': 'y', 'docker/token': 'z' });
    const run = runProbeCli(
      [
        'secrets',
        '--require',
        'HF_TOKEN',
        '--require',
        'OPENAI_API_KEY',
        '--require',
        'REGISTRY_TOKEN',
        '--require',
        `DB_PASSWORD=${join(files, 'vault/db-password')}`,
        '--secret-dir',
        join(files, 'vol'),
      ],
      { env: { HF_TOKEN: 'hf_x', REGISTRY_TOKEN_FILE: join(files, 'docker/token') } },
    );
    assert.equal(run.code, 0, run.stderr);
    const log = logLine(run);
    assert.deepEqual(log.present, [
      { name: 'HF_TOKEN', where: 'env HF_TOKEN' },
      { name: 'OPENAI_API_KEY', where: `file ${join(files, 'vol/OPENAI_API_KEY')}` },
      { name: 'REGISTRY_TOKEN', where: 'the file env REGISTRY_TOKEN_FILE names' },
      { name: 'DB_PASSWORD', where: `file ${join(files, 'vault/db-password')}` },
    ]);
    assert.equal(log.polls, 1);
    assert.match(
      run.stderr,
      /^preflight probe secrets: ✔ 4 required secrets present: HF_TOKEN, OPENAI_API_KEY, REGISTRY_TOKEN, DB_PASSWORD/,
    );
  });

  it('fails after the timeout, naming each missing secret and every place looked; empty counts as missing', () => {
    const vol = tempFiles({ HF_TOKEN: '' });
    const status = join(tempFiles({}), 'status.json');
    const run = runProbeCli(
      [
        'secrets',
        '--require',
        'HF_TOKEN',
        '--require',
        'PRESENT',
        '--secret-dir',
        vol,
        '--timeout',
        '600ms',
        '--status-file',
        status,
      ],
      { env: { HF_TOKEN: '', PRESENT: 'yes' } },
    );
    assert.equal(run.code, 1);
    assert.ok(run.ms >= 600, 'it waited');
    const log = logLine(run);
    assert.deepEqual(log.missing, [
      { name: 'HF_TOKEN', looked_in: ['env HF_TOKEN (empty)', `file ${join(vol, 'HF_TOKEN')} (empty)`] },
    ]);
    assert.ok((log.polls as number) >= 2, 'it polled');
    assert.deepEqual(JSON.parse(readFileSync(status, 'utf8')), log);
    assert.match(
      run.stderr,
      /✖ 1 of 2 required secrets missing after the timeout: HF_TOKEN \(looked in env HF_TOKEN \(empty\), file .*HF_TOKEN \(empty\)\)/,
    );
  });

  it('waits, with backoff, for a secret file that appears after the first polls (recorded waits, no wall time)', async () => {
    const vol = tempFiles({});
    // The file is written during the third wait: the event is the checkpoint going to sleep, not a timer.
    const clock = recordingClock((waits) => {
      if (waits.length === 3) writeFileSync(join(vol, 'LATE'), 'now');
    });
    const options = secretOptions(['--require', 'LATE', '--secret-dir', vol, '--timeout', '20s']);
    const report = await secretCheckpoint(options, clock);
    assert.equal(report.verdict, 'present');
    assert.deepEqual(clock.waits, [250, 500, 1000]);
    assert.equal(report.polls, 4);
  });

  it('backs off from 250 ms, doubling up to 5 s, and cuts the last wait at the timeout', async () => {
    const clock = recordingClock();
    const options = secretOptions(['--require', 'NEVER', '--secret-dir', tempFiles({}), '--timeout', '20s']);
    const report = await secretCheckpoint(options, clock);
    assert.equal(report.verdict, 'missing');
    assert.deepEqual(clock.waits, [250, 500, 1000, 2000, 4000, 5000, 5000, 2250]);
    assert.equal(report.polls, 9, 'one more look at the deadline');
    assert.equal(report.elapsed_ms, 20_000);
  });

  it('takes secret_timeout and the env.required of the model cards from --config', () => {
    const dir = tempFiles({
      'preflight.yaml': 'secret_timeout: 300ms\nmodel_cards: [card.json]\n',
      'card.json': JSON.stringify({
        image: { repository: 'ghcr.io/acme/llm' },
        env: { required: ['HF_TOKEN', 'MODEL_KEY'] },
      }),
    });
    const run = runProbeCli(['secrets', '--config', join(dir, 'preflight.yaml')], { env: { HF_TOKEN: 'x' } });
    assert.equal(run.code, 1);
    const log = logLine(run);
    assert.equal(log.timeout_ms, 300);
    assert.deepEqual(log.required, ['HF_TOKEN', 'MODEL_KEY']);
  });

  it('bad input exits 2', () => {
    const nothing = runProbeCli(['secrets']);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /no secret to wait for/);
    assert.match(
      runProbeCli(['secrets', '--require', '../etc/passwd']).stderr,
      /--require: "\.\.\/etc\/passwd" is not a secret name/,
    );
    assert.match(
      runProbeCli(['secrets', '--require', 'A', '--timeout', 'forever']).stderr,
      /--timeout: expected a duration/,
    );
  });
});

describe('secret values never reach any output', () => {
  it('canaries in env, NAME_FILE files and secret folders appear in no line and no status file', () => {
    const canary = (n: number) => `sk-live-CANARY-${n}-Qx7pZ`;
    const dir = tempFiles({
      'vol/FILE_SECRET': canary(2),
      'named/secret': canary(3),
      'docker/secret': canary(4),
      'vol/EMPTY_ONE': '',
    });
    const status = join(dir, 'status.json');
    const env = {
      ENV_SECRET: canary(1),
      DOCKER_SECRET_FILE: join(dir, 'docker/secret'),
      // A value that looks like a path must not be followed and printed either.
      PATHLIKE: join(dir, 'named/secret'),
      // A NAME_FILE set to the secret itself by mistake: its value is not printed as a path.
      MISTAKE_FILE: canary(5),
    };
    const args = (timeout: string, extra: string[]) => [
      'secrets',
      '--require',
      'ENV_SECRET',
      '--require',
      'FILE_SECRET',
      '--require',
      `NAMED=${join(dir, 'named/secret')}`,
      '--require',
      'DOCKER_SECRET',
      '--require',
      'PATHLIKE',
      '--require',
      'MISTAKE',
      '--secret-dir',
      join(dir, 'vol'),
      '--timeout',
      timeout,
      '--status-file',
      status,
      ...extra,
    ];
    for (const extra of [[], ['--require', 'EMPTY_ONE'], ['--require', 'NOWHERE']]) {
      const run = runProbeCli(args('200ms', extra), { env });
      const outputs = [run.stdout, run.stderr, readFileSync(status, 'utf8')].join('\n');
      for (let n = 1; n <= 5; n++) assert.ok(!outputs.includes(canary(n)), `canary ${n} leaked:\n${outputs}`);
      assert.ok(!outputs.includes('CANARY'), outputs);
    }
  });
});
