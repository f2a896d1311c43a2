import assert from 'node:assert/strict';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '../../harness/run-cli';
import type { Sample } from './sample';

const ARGS = ['system', 'rag', 'scoping/read-before-set.j2', 'unicode/trojan-source.j2', 'chat/qwen-style'];

export const lintPromptsSamples: Record<string, Sample> = {
  'lint-prompts-fixtures': {
    command: `preflight lint-prompts ${ARGS.join(' ')}`,
    run: () => {
      const run = runCli(['lint-prompts', ...ARGS], { cwd: join(REPO_ROOT, 'test', 'fixtures', 'prompts') });
      assert.equal(run.code, 1, run.stderr);
      assert.equal(run.stderr, '');
      return run.stdout;
    },
  },
};
