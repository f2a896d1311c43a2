import assert from 'node:assert/strict';
import { join } from 'node:path';
import { captureProgram } from '../../../policies/engine';
import { REPO_ROOT, runCli } from '../../harness/run-cli';
import { tempFiles } from '../../harness/temp-files';
import type { Sample } from './sample';

// `preflight preview` is the emulated Pulumi engine (no Pulumi CLI can be installed here) driving the
// real pack over gRPC; the program runs under @pulumi/pulumi's mocks.
const NO_COMMAND = 'test/policies/kubernetes/programs/no-command';

export const pulumiSamples: Record<string, Sample> = {
  'preview-failing': {
    command: 'preflight preview examples/pulumi-k8s/failing',
    run: () => {
      const run = runCli(['preview', 'examples/pulumi-k8s/failing']);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      return run.stdout;
    },
  },
  'preview-bad-policy-config': {
    command: 'preflight preview examples/pulumi-k8s/passing --policy-pack-config policy-config.json',
    run: (inputs) => {
      const dir = tempFiles({ 'policy-config.json': inputs('pulumi/policy-config.json') });
      const run = runCli([
        'preview',
        'examples/pulumi-k8s/passing',
        '--policy-pack-config',
        join(dir, 'policy-config.json'),
      ]);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      return run.stdout;
    },
  },
  // The pod spec the transformation leaves on the passing example's Deployment; the docs show a part
  // of it (`subset`: resources and securityContext left out, `…` ends a list early).
  'transform-passing-example': {
    run: async () => {
      const capture = await captureProgram(
        join(REPO_ROOT, 'examples', 'pulumi-k8s', 'passing'),
        'dev',
        'organization',
      );
      const deployment = capture.resources.find(
        (resource) => resource.type === 'kubernetes:apps/v1:Deployment',
      );
      assert.ok(deployment, 'the example registers a Deployment');
      return (deployment.inputs as { spec: { template: { spec: unknown } } }).spec.template.spec;
    },
  },
  'transform-no-command': {
    command: `preflight preview ${NO_COMMAND}`,
    run: () => {
      const run = runCli(['preview', NO_COMMAND]);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'no stack trace');
      return run.stderr;
    },
  },
};
