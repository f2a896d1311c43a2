import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../harness/run-cli';
import { tempFiles } from '../harness/temp-files';

// shape: Kubernetes Secret with stringData (kubernetes.io/docs/concepts/configuration/secret) next to a
// Deployment, the Secret left with an unrendered placeholder; written for preflight-guard
const SECRET = `apiVersion: v1
kind: Secret
metadata: { name: hf-token }
stringData: { token: {{HF_TOKEN_CANARY_5b1e}} }
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: { name: llm }
spec:
  selector: { matchLabels: { app: llm } }
  template:
    metadata: { labels: { app: llm } }
    spec:
      containers: [{ name: server, image: "vllm/vllm-openai:v0.6.0" }]
`;

for (const format of ['text', 'json', 'sarif', 'github']) {
  test(`check: a yaml library warning never prints the value; the file is a positioned error (${format})`, () => {
    const dir = tempFiles({ 'k8s/secret.yaml': SECRET, 'k8s/deploy.yaml': DEPLOYMENT });
    const run = runCli(['check', join(dir, 'k8s'), '--format', format], { cwd: dir });
    assert.equal(run.code, 2, run.stdout + run.stderr);
    assert.ok(!`${run.stdout}${run.stderr}`.includes('CANARY'), run.stdout + run.stderr);
    assert.doesNotMatch(run.stderr, /Warning|stringified/);
    assert.match(run.stdout + run.stderr, /secret\.yaml:4:23/);
  });
}
