import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readHostDriver } from '../../runtime-probe/host-driver';
import { runProbeCli } from '../harness/run-probe';
import { tempFiles } from '../harness/temp-files';

describe("the probe's reads are bounded by core's reader", () => {
  it('a 300 MB sparse sys/module/nvidia/version is refused by its size, not read: the driver is unknown', async () => {
    const root = tempFiles({});
    const file = join(root, 'sys/module/nvidia/version');
    mkdirSync(join(root, 'sys/module/nvidia'), { recursive: true });
    writeFileSync(file, '550.54.15\n');
    truncateSync(file, 300 * 1024 * 1024);
    const { reading } = await readHostDriver({ root, path: '', timeoutMs: 1000 });
    assert.equal(reading.state, 'unknown');
    assert.match(
      reading.reason ?? '',
      /version is there but gives no driver version \(file is 300\.0 MiB, over the 64 KiB limit for input files\)$/,
    );
  });

  it('a ServiceAccount token that is a FIFO is refused at once, naming it (the kill is a hang guard)', () => {
    const credentials = tempFiles({ namespace: 'llm\n', 'ca.crt': '' });
    execFileSync('mkfifo', [join(credentials, 'token')]);
    const run = runProbeCli([
      'secrets',
      '--kubernetes-secret',
      'hf-token',
      '--kubernetes-api',
      'https://127.0.0.1:1',
      '--kubernetes-credentials',
      credentials,
      '--timeout',
      '1s',
    ]);
    assert.equal(run.code, 2, `exit code (null: killed while hanging)\n${run.stderr}`);
    assert.match(
      run.stderr,
      /token: cannot read the ServiceAccount's token: is a FIFO \(named pipe\), expected a regular file/,
    );
  });
});
