import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerFacts } from '../../core/facts/container-facts';
import { secretValueLabel, withoutSecrets } from '../../core/model/secret-value';
import type { Workload } from '../../core/model/workload';
import { knownProps } from '../../policies/adapters/known-props';
import { keepSecretMarks } from '../../policies/adapters/secret-marks';
import { structProto } from '../../policies/engine/analyzer-client';

// The Analyzer protocol's secret object (sdk/go/common/resource/plugin/rpc.go), as the engine sends it.
const SECRET_SIG = '4dabf18193072939515e22adb298388d';
const secret = (value: unknown) => ({ [SECRET_SIG]: '1b47061264138c4ac30d75fd1eb44270', value });
const deserialize = require('@pulumi/policy/deserialize');
const { unknownCheckingProxy } = require('@pulumi/policy/proxy');

/** Props as @pulumi/policy's server hands them to a policy's validate function. */
function asPolicySees(wire: Record<string, unknown>): Record<string, unknown> {
  return unknownCheckingProxy(
    deserialize.deserializeProperties(structProto.Struct.fromJavaScript(wire), false),
  );
}

const WIRE = {
  spec: {
    containers: [
      {
        name: 'server',
        args: secret(['--revision', 'CANARYrev5e1f0a']),
        env: [{ name: 'TOKENIZER_SHA', value: secret('CANARYsha9d2c7b') }],
      },
    ],
  },
};

test('the pack keeps secret marks from the wire: secret values are listed, names are not, props still read plain', () => {
  keepSecretMarks();
  const props = asPolicySees(WIRE);
  const known = knownProps(props);
  assert.deepEqual(known.secretValues, ['--revision', 'CANARYrev5e1f0a', 'CANARYsha9d2c7b']);
  assert.equal(
    (known.value.spec as { containers: { env: { value: string }[] }[] }).containers[0]?.env[0]?.value,
    'CANARYsha9d2c7b',
  );
  assert.equal(
    (props.spec as { containers: { env: { value: string }[] }[] }).containers[0]?.env[0]?.value,
    'CANARYsha9d2c7b',
  );
});

test('a whole property marked secret (as the engine pushes secretness up) taints its values, not its names', () => {
  keepSecretMarks();
  const known = knownProps(
    asPolicySees({ spec: secret({ containers: [{ name: 'server', image: 'CANARYimg' }] }) }),
  );
  assert.deepEqual(known.secretValues, ['CANARYimg']);
});

test('facts read from a tainted value are tainted: an env value, and a flag value split out of a secret args list', () => {
  const workload: Workload = {
    kind: 'Deployment',
    name: 'llm',
    containers: [
      {
        name: 'server',
        image: 'vllm/vllm-openai:v0.6.0',
        env: [{ name: 'TOKENIZER_SHA', value: 'CANARYsha9d2c7b' }],
        envFromSources: 0,
        command: [],
        args: ['--model org/llm-7b --revision CANARYrev5e1f0a'],
        gpus: 0,
        kind: 'app',
      },
    ],
    annotations: {},
    labels: {},
    secretRefs: [],
    secretValues: ['CANARYsha9d2c7b', '--model org/llm-7b --revision CANARYrev5e1f0a'],
    origin: { format: 'pulumi' },
  };
  const facts = containerFacts(workload, workload.containers[0]!, []);
  const secretKeys = facts.filter((fact) => fact.secret).map((fact) => fact.key);
  assert.deepEqual(secretKeys.sort(), [
    'model.id',
    'model.revision',
    'tokenizer.id',
    'tokenizer.revision',
    'tokenizer_sha',
  ]);
});

test('the last line of defence replaces every tainted value in a text by its label', () => {
  const text = withoutSecrets('env X says CANARYsha9d2c7b (CANARYsha9d2c7b)', ['CANARYsha9d2c7b']);
  assert.equal(
    text,
    `env X says ${secretValueLabel('CANARYsha9d2c7b')} (${secretValueLabel('CANARYsha9d2c7b')})`,
  );
  assert.match(text, /^env X says a secret value \(sha256 [0-9a-f]{8}…\)/);
});
