import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../../core/errors';
import { parseDocuments } from '../../../core/loaders/documents';

// shape: Kubernetes Secret with stringData (kubernetes.io/docs/concepts/configuration/secret), left with an
// unrendered Helm-style placeholder; written for preflight-guard
const UNRENDERED = `apiVersion: v1
kind: Secret
metadata: { name: hf-token }
stringData: { token: {{HF_TOKEN_CANARY_5b1e}} }
`;

/** Runs `fn` and returns every process warning it emitted (the yaml library's channel to stderr). */
async function warningsOf(fn: () => void): Promise<string[]> {
  const seen: string[] = [];
  const listener = (warning: Error) => seen.push(warning.message);
  process.on('warning', listener);
  try {
    fn();
  } catch {
    // The error is asserted separately.
  }
  // process.emitWarning delivers on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', listener);
  return seen;
}

test('no yaml library warning reaches stderr: a collection used as a key emits nothing', async () => {
  assert.deepEqual(await warningsOf(() => parseDocuments(UNRENDERED, 'secret.yaml')), []);
});

test('a collection used as a key is a positioned error that does not quote the value', () => {
  assert.throws(
    () => parseDocuments(UNRENDERED, 'secret.yaml'),
    (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.deepEqual(error.location, { file: 'secret.yaml', line: 4, column: 23 });
      assert.ok(!error.message.includes('CANARY'), error.message);
      assert.match(error.message, /mapping key is itself a mapping or a list/);
      return true;
    },
  );
});
