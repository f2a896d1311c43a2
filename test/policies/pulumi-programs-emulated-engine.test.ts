import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../core/errors';
import { workloadsFromResource } from '../../policies/adapters/workloads';
import {
  analyzeCapture,
  captureProgram,
  type ProgramCapture,
  ProgramError,
  runPreview,
} from '../../policies/engine';
import { REPO_ROOT } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// Programs in the shapes users publish, run as the emulated engine runs them (no Pulumi CLI can be
// installed here): the Node.js language host's module loading, mocks in preview mode, the provider's
// Check emulated; the pack is the real one, driven over gRPC.
const PACK = join(REPO_ROOT, 'policies');
const PROGRAMS = join(REPO_ROOT, 'test', 'fixtures', 'pulumi');
const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

function deploymentOf(capture: ProgramCapture) {
  const record = capture.resources.find((resource) => resource.type === 'kubernetes:apps/v1:Deployment');
  assert.ok(record, 'the program registers a Deployment');
  return record;
}

describe('Pulumi programs under the emulated engine', () => {
  it('names an unnamed Deployment as the Kubernetes provider Check does, and the pack checks it (kubernetes-ts-nginx shape)', async () => {
    const programDir = join(PROGRAMS, 'autonamed');
    const result = await runPreview({ programDir, packDir: PACK });
    const deployment = deploymentOf(result.capture);
    const metadata = deployment.inputs.metadata as { name: string; annotations: Record<string, string> };
    // <Pulumi name>-<8 of [0-9a-f]>; the provider's suffix is random, the emulation's comes from the URN.
    assert.match(metadata.name, /^llm-[0-9a-f]{8}$/);
    assert.equal(metadata.annotations['pulumi.com/autonamed'], 'true');
    assert.equal((deployment.outputs.metadata as { name: string }).name, metadata.name);
    const again = await captureProgram(programDir, 'dev', 'organization');
    assert.equal(deploymentOf(again).inputs.metadata, undefined, 'the program itself set no name');

    const skew = result.diagnostics.filter((d) => d.policyName === 'model-card-skew');
    assert.deepEqual(
      skew.map((d) => [d.name, d.enforcementLevel, d.message.split('\n')[1]]),
      [
        [
          'llm',
          'mandatory',
          'model.revision MISMATCH: model card org/llm-7b declares 111111111111…, args --revision says 222222222222…',
        ],
        [
          'llm',
          'mandatory',
          'env HF_TOKEN is required by model card org/llm-7b but the container does not set it',
        ],
      ],
    );
    assert.ok(!JSON.stringify(result.diagnostics).includes('missing name'));
  });

  it('the pack reads a Deployment whose name is unknown at preview by its Pulumi name, without throwing', async () => {
    const programDir = join(PROGRAMS, 'autonamed');
    const capture = await captureProgram(programDir, 'dev', 'organization');
    const deployment = deploymentOf(capture);
    // `metadata.name` from another resource's output: the provider's Check leaves it unknown, unnamed.
    deployment.inputs = { ...deployment.inputs, metadata: { name: UNKNOWN } };
    deployment.outputs = deployment.inputs;
    const result = await analyzeCapture(capture, { programDir, packDir: PACK });
    assert.equal((deployment.inputs.metadata as { name: string }).name, UNKNOWN);
    const policies = result.diagnostics.map((d) => `${d.policyName} ${d.name} ${d.message.split('\n')[1]}`);
    assert.ok(
      policies.includes(
        'model-card-skew llm model.revision MISMATCH: model card org/llm-7b declares 111111111111…, args --revision says 222222222222…',
      ),
      policies.join('\n'),
    );
    assert.ok(
      !policies.some((line) => /missing name|cannot read|can't run policy/.test(line)),
      policies.join('\n'),
    );
  });

  it('the pack names a Kubernetes object with no metadata at all by its Pulumi name', () => {
    const [workload] = workloadsFromResource({
      type: 'kubernetes:apps/v1:Deployment',
      urn: 'urn:pulumi:dev::p::kubernetes:apps/v1:Deployment::web',
      name: 'web',
      props: {
        value: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } },
        unknownPaths: [],
      },
    });
    assert.equal(workload?.name, 'web');
    assert.equal(workload?.containers[0]?.image, 'nginx:1.27');
  });

  it('runs a program whose two modules import each other with the language host module semantics', async () => {
    const capture = await captureProgram(join(PROGRAMS, 'circular-import'), 'dev', 'organization');
    const deployment = deploymentOf(capture);
    // TypeScript's CommonJS output (ts-node) gives ./llm `undefined` for the entry's binding not yet
    // set, and spreading it adds nothing; a bundler's output throws "Cannot access before initialization".
    assert.deepEqual((deployment.inputs.metadata as { labels: unknown }).labels, { app: 'llm' });
    const namespace = capture.resources.find((resource) => resource.type === 'kubernetes:core/v1:Namespace')!;
    assert.deepEqual((namespace.inputs.metadata as { labels: unknown }).labels, {
      'app.kubernetes.io/part-of': 'llm-serving',
    });
  });

  it('runs a program whose package is an ES module with import(), as the language host does', async () => {
    const capture = await captureProgram(join(PROGRAMS, 'esm-module'), 'dev', 'organization');
    assert.equal((deploymentOf(capture).inputs.spec as { replicas: number }).replicas, 1);
  });

  it('fails on an invoke no mock can answer with one line naming it, not a stack trace nor a silent pass', async () => {
    await assert.rejects(captureProgram(join(PROGRAMS, 'helm-invoke'), 'dev', 'organization'), (error) => {
      assert.ok(error instanceof ProgramError);
      assert.equal(error.detail.split('\n').length, 1, error.detail);
      assert.match(
        error.detail,
        /provider function kubernetes:helm:template, which the emulated engine cannot answer/,
      );
      assert.match(error.detail, /pulumi preview --policy-pack/);
      return true;
    });
  });

  it('refuses a folder without Pulumi.yaml before running anything', async () => {
    const dir = tempFiles({ 'index.ts': "throw new Error('must not run');\n" });
    await assert.rejects(captureProgram(dir, 'dev', 'organization'), (error) => {
      assert.ok(error instanceof InputError);
      assert.match(error.describe(), /: not a Pulumi project: no Pulumi\.yaml in this folder$/);
      return true;
    });
  });
});
