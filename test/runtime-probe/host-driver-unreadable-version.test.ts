import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { readHostDriver } from '../../runtime-probe/host-driver';
import { tempFiles } from '../harness/temp-files';

// A host root as the probe sees it (`sys/module/nvidia/version` holds e.g. `550.54.15\n` on a real host,
// cuda-runtime.md): here the file is present but gives no version.
const SHAPES: [string, (file: string) => void][] = [
  ['empty', (file) => writeFileSync(file, '')],
  ['a folder', (file) => mkdirSync(file)],
  ['not a version', (file) => writeFileSync(file, 'garbage\n')],
];

for (const [what, make] of SHAPES) {
  test(`a sys/module/nvidia/version that is ${what} is an unknown driver, not no driver`, async () => {
    const root = tempFiles({});
    mkdirSync(join(root, 'sys/module/nvidia'), { recursive: true });
    make(join(root, 'sys/module/nvidia/version'));
    const { reading } = await readHostDriver({ root, path: '', timeoutMs: 1000 });
    assert.equal(reading.state, 'unknown');
    assert.match(reading.reason ?? '', /sys\/module\/nvidia\/version is there but gives no driver version/);
  });
}

test('with no version file and no device node the driver is still absent', async () => {
  const { reading } = await readHostDriver({ root: tempFiles({}), path: '', timeoutMs: 1000 });
  assert.equal(reading.state, 'absent');
});
