import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempFiles } from './temp-files';

/**
 * Emulation of an ECS instance's boot (no EC2 here): the user data lines run under sh with the host's
 * /sys, /proc and the ECS agent's config file as folders here; returns the config the agent would start
 * with, and what the script printed.
 */
export function bootWithUserData(lines: string[], host: string): { config: string; stdout: string } {
  const etc = tempFiles({ 'ecs.config': 'ECS_CLUSTER=serving\n' });
  const script = lines
    .join('\n')
    .split('/sys/')
    .join(`${host}/sys/`)
    .split('/proc/')
    .join(`${host}/proc/`)
    .split('/etc/ecs/ecs.config')
    .join(join(etc, 'ecs.config'));
  const scriptFile = join(etc, 'user-data.sh');
  writeFileSync(scriptFile, script);
  const run = spawnSync('sh', [scriptFile], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stderr, '');
  return { config: readFileSync(join(etc, 'ecs.config'), 'utf8'), stdout: run.stdout };
}
