import assert from 'node:assert/strict';
import { runCli } from '../../harness/run-cli';
import { tempFiles } from '../../harness/temp-files';
import type { Sample } from './sample';

const FAILING = ['check', 'examples/llm-k8s/failing', '--config', 'examples/llm-k8s/preflight.yaml'];
const PASSING = ['check', 'examples/llm-k8s/passing', '--config', 'examples/llm-k8s/preflight.yaml'];

function exits(run: ReturnType<typeof runCli>, code: number): string {
  assert.equal(run.code, code, run.stdout + run.stderr);
  return run.stdout;
}

/** The bad inputs of docs/check.md, one folder each (the docs show the errors, not the files). */
function inputErrors(): string {
  const cases: [Record<string, string>, string[]][] = [
    [{ 'preflight.yaml': 'ignore_versons: [patch]\n', 'k8s.yaml': 'a: 1\n' }, ['k8s.yaml']],
    [
      {
        'model-card.json': '{\n  "runtime": { "cuda": "twelve" },\n  "image": { "repository": "a/b" }\n}\n',
        'k8s.yaml': 'a: 1\n',
      },
      ['.'],
    ],
  ];
  return cases
    .map(([files, paths]) => {
      const run = runCli(['check', ...paths], { cwd: tempFiles(files) });
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.equal(run.stdout, '');
      return run.stderr;
    })
    .join('');
}

export const checkSamples: Record<string, Sample> = {
  'check-failing-example': { run: () => exits(runCli(FAILING), 1) },
  'check-failing-example-json': { run: () => JSON.parse(exits(runCli([...FAILING, '--format', 'json']), 1)) },
  'check-passing-example': {
    command: `npm run preflight -- ${PASSING.join(' ')}`,
    run: () => exits(runCli(PASSING), 0),
  },
  'check-input-errors': { run: inputErrors },
  'check-invalid-image': {
    command: 'preflight check k8s.yaml',
    run: (inputs) => {
      const dir = tempFiles({ 'k8s.yaml': inputs('image-unresolved/k8s.yaml') });
      return exits(runCli(['check', 'k8s.yaml'], { cwd: dir }), 1);
    },
  },
  'cuda-driver-compat': {
    command: 'preflight check k8s.yaml',
    run: (inputs) => {
      const dir = tempFiles({ 'k8s.yaml': inputs('cuda-driver-compat/k8s.yaml') });
      return exits(runCli(['check', 'k8s.yaml'], { cwd: dir }), 1);
    },
  },
};
