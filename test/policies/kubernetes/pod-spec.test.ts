import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  attachRuntimeProbe,
  type PodWorkload,
  probeRbac,
  type RuntimeProbeOptions,
} from '../../../policies/kubernetes';
import { expectInputError } from '../../harness/input-error';
import { tempFiles } from '../../harness/temp-files';

const GPU = { limits: { 'nvidia.com/gpu': '1' } };

function gpuPod(container: Record<string, unknown> = {}, extra: Partial<PodWorkload> = {}): PodWorkload {
  return {
    kind: 'Deployment',
    name: 'llm-server',
    namespace: 'llm',
    spec: {
      containers: [
        {
          name: 'vllm',
          image: 'vllm/vllm-openai:v0.6.0',
          command: ['vllm', 'serve'],
          resources: GPU,
          ...container,
        },
      ],
    },
    ...extra,
  };
}

const options: RuntimeProbeOptions = { requireCuda: '12.4' };
const initNames = (spec: Record<string, unknown>) =>
  (spec.initContainers as { name: string }[]).map((c) => c.name);
const argsOf = (spec: Record<string, unknown>, name: string) =>
  (spec.initContainers as { name: string; args?: string[] }[]).find((c) => c.name === name)?.args;

describe('attachRuntimeProbe (a single pod spec)', () => {
  it('leaves a pod without a GPU, and one that already runs the probe, as they are', () => {
    assert.equal(
      attachRuntimeProbe({ name: 'web', spec: { containers: [{ name: 'web', image: 'nginx' }] } }, options),
      undefined,
    );
    const once = attachRuntimeProbe(gpuPod(), options)!;
    assert.equal(
      attachRuntimeProbe({ ...gpuPod(), spec: once.spec }, options),
      undefined,
      'a second pass adds nothing',
    );
    const byHand = gpuPod();
    (byHand.spec as { initContainers?: unknown[] }).initContainers = [
      { name: 'probe', image: 'ghcr.io/acme/preflight-probe:0.1.0', args: ['cuda', '--mode', 'warn'] },
    ];
    assert.equal(attachRuntimeProbe(byHand, options), undefined);
  });

  it('changes nothing it was given', () => {
    const pod = gpuPod({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'a', key: 'k' } } }] });
    const before = structuredClone(pod);
    attachRuntimeProbe(pod, options);
    assert.deepEqual(pod, before);
  });

  it('reports what the cluster must grant, and RBAC limited to get on those Secrets', () => {
    const probed = attachRuntimeProbe(
      gpuPod({
        envFrom: [{ secretRef: { name: 'b' } }],
        env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'a', key: 'k' } } }],
      }),
      options,
    )!;
    assert.deepEqual(
      {
        secretNames: probed.secretNames,
        serviceAccountName: probed.serviceAccountName,
        create: probed.createServiceAccount,
        cuda: probed.cuda,
      },
      {
        secretNames: ['a', 'b'],
        serviceAccountName: 'llm-server-preflight-probe',
        create: true,
        cuda: { cuda: '12.4', source: 'requireCuda' },
      },
    );
    const [account, role, binding] = probeRbac({ name: 'llm-server', namespace: 'llm', ...probed });
    assert.equal(account!.kind, 'ServiceAccount');
    assert.deepEqual(role!.rules, [
      { apiGroups: [''], resources: ['secrets'], verbs: ['get'], resourceNames: ['a', 'b'] },
    ]);
    assert.deepEqual(binding!.subjects, [
      { kind: 'ServiceAccount', name: 'llm-server-preflight-probe', namespace: 'llm' },
    ]);
    assert.deepEqual(probeRbac({ name: 'x', secretNames: [], createServiceAccount: false }), []);
  });

  it('binds to the deprecated serviceAccount field too, and creates no account then', () => {
    const pod = gpuPod({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'a', key: 'k' } } }] });
    (pod.spec as Record<string, unknown>).serviceAccount = 'legacy';
    const probed = attachRuntimeProbe(pod, options)!;
    assert.equal(probed.serviceAccountName, 'legacy');
    assert.equal(probed.createServiceAccount, false);
    assert.equal((probed.spec as Record<string, unknown>).serviceAccountName, undefined);
  });

  it('mode off needs no CUDA; the config file gives mode and secret_timeout', () => {
    const off = attachRuntimeProbe(gpuPod(), { mode: 'off' })!;
    assert.deepEqual(argsOf(off.spec, 'preflight-cuda'), [
      'cuda',
      '--mode',
      'off',
      '--env-out',
      '/run/preflight/env',
      '--status-file',
      '/run/preflight/cuda.json',
    ]);
    const dir = tempFiles({ 'preflight.yaml': 'secret_timeout: 1500ms\ncuda_probe:\n  mode: warn\n' });
    const configured = attachRuntimeProbe(
      gpuPod({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'a', key: 'k' } } }] }),
      { config: join(dir, 'preflight.yaml'), requireCuda: '12.1' },
    )!;
    assert.deepEqual(argsOf(configured.spec, 'preflight-cuda')?.slice(0, 3), ['cuda', '--mode', 'warn']);
    assert.deepEqual(argsOf(configured.spec, 'preflight-secrets')?.slice(3, 5), ['--timeout', '1500ms']);
    assert.deepEqual(initNames(configured.spec), [
      'preflight-install',
      'preflight-cuda',
      'preflight-secrets',
    ]);
  });

  const bad: [string, () => unknown, RegExp][] = [
    [
      'an app container with args but no command',
      () => attachRuntimeProbe(gpuPod({ command: undefined, args: ['--model', 'x'] }), options),
      /^Deployment\/llm\/llm-server: container vllm declares no command, so the runtime probe's wrapper cannot go in front of it/,
    ],
    [
      'an empty command',
      () => attachRuntimeProbe(gpuPod({ command: [] }), options),
      /container vllm declares no command/,
    ],
    [
      'no required CUDA from anywhere',
      () => attachRuntimeProbe(gpuPod(), {}),
      /^Deployment\/llm\/llm-server needs the runtime probe but no required CUDA is known: annotate it preflight-guard\.dev\/cuda/,
    ],
    [
      'an invalid CUDA annotation',
      () =>
        attachRuntimeProbe(gpuPod({}, { annotations: { 'preflight-guard.dev/cuda': 'twelve' } }), options),
      /^Deployment\/llm\/llm-server: annotation preflight-guard\.dev\/cuda is "twelve", not a CUDA version \(expected major\.minor such as 12\.4\)$/,
    ],
    [
      'a volume that takes the probe’s name',
      () =>
        attachRuntimeProbe(
          gpuPod(
            {},
            {
              spec: {
                containers: [{ name: 'a', command: ['x'], resources: GPU }],
                volumes: [{ name: 'preflight-guard', emptyDir: {} }],
              },
            },
          ),
          options,
        ),
      /already has a volume named "preflight-guard", which the runtime probe uses: rename it/,
    ],
    [
      'an unknown mode',
      () => attachRuntimeProbe(gpuPod(), { mode: 'loud' as 'off' }),
      /^runtime probe mode: unknown mode "loud"/,
    ],
    [
      'a bad secretTimeout',
      () => attachRuntimeProbe(gpuPod(), { ...options, secretTimeout: 'forever' }),
      /secretTimeout: expected a duration/,
    ],
    [
      'an image with spaces',
      () => attachRuntimeProbe(gpuPod(), { ...options, image: 'a b' }),
      /runtime probe image: "a b" is not an image reference/,
    ],
    [
      'a missing config file',
      () => attachRuntimeProbe(gpuPod(), { config: '/no/such/preflight.yaml' }),
      /no\/such\/preflight\.yaml/,
    ],
    [
      'a GPU amount that is not a number',
      () => attachRuntimeProbe(gpuPod({ resources: { limits: { 'nvidia.com/gpu': 'many' } } }), options),
      /expected a whole number of GPUs/,
    ],
  ];
  for (const [what, attach, message] of bad) {
    it(`refuses ${what} with an input error`, () => {
      assert.match(expectInputError(attach).describe(), message);
    });
  }
});
