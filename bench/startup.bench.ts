import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interleavedMedians } from './measure';

const ROUNDS = 30;
const TARGET_RATIO = 2;
const CLI = join(__dirname, '..', 'dist', 'cli', 'main.js');

/**
 * Issue 16: start-up of the built CLI on one small file (`check` of one manifest with a config, so the
 * config's schema validation counts; `lint-prompts` of one template) against bare `node -e 0`,
 * interleaved in one run. Wall-clock medians; `npm run bench` builds first.
 */
export async function benchStartup(): Promise<void> {
  const dir = join(__dirname, '.out', 'startup');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'pod.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata: { name: web }\nspec:\n  containers: [{ name: web, image: nginx:1.27 }]\n',
  );
  writeFileSync(join(dir, 'preflight.yaml'), 'secret_timeout: 90s\n');
  writeFileSync(join(dir, 'greeting.jinja'), 'Hello {{ name }}, you asked: {{ question }}\n');

  const node = (args: string[]) => () => {
    const run = spawnSync(process.execPath, args, { cwd: dir, stdio: 'ignore' });
    // 0 or 1 (findings) is a run that did its work; 2 would be bad input here.
    if (run.status !== 0 && run.status !== 1) throw new Error(`node ${args.join(' ')} exited ${run.status}`);
  };
  const medians = interleavedMedians(
    {
      'node -e 0': node(['-e', '0']),
      'check pod.yaml --config preflight.yaml': node([
        CLI,
        'check',
        'pod.yaml',
        '--config',
        'preflight.yaml',
      ]),
      'lint-prompts greeting.jinja': node([CLI, 'lint-prompts', 'greeting.jinja']),
    },
    ROUNDS,
  );
  const base = medians['node -e 0']!;
  console.log(
    `\nstart-up (${process.version}, ${ROUNDS} interleaved rounds, median wall ms; target ≤ ${TARGET_RATIO}×)`,
  );
  for (const [name, ms] of Object.entries(medians)) {
    const ratio = ms / base;
    const verdict = name === 'node -e 0' ? '' : ratio <= TARGET_RATIO ? '  within target' : '  over target';
    console.log(`  ${name.padEnd(40)} ${ms.toFixed(0).padStart(5)} ms  ${ratio.toFixed(2)}×${verdict}`);
  }
}
