import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { analyzeCapture, captureProgram, type PreviewResult } from '../../../policies/engine';
import type { ProgramCapture, ResourceRecord } from '../../../policies/engine/records';
import { REPO_ROOT } from '../../harness/run-cli';

// Real Pulumi programs run under runtime.setMocks in preview mode (the emulated engine: no Pulumi CLI
// can be installed here), with the transformation the library exports; then the real policy pack
// analyzes what they registered over gRPC. Programs import `preflight-guard/policies` (the build).
const PROGRAMS = join(REPO_ROOT, 'test', 'policies', 'kubernetes', 'programs');
const PACK = join(REPO_ROOT, 'policies');
const PROBE = 'ghcr.io/acme/preflight-probe:0.1.0';
const API_DIR = '/var/run/secrets/preflight-guard.dev/kube-api';

type Spec = Record<string, unknown>;

// What every added container carries, written out once.
const security = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsGroup: 1000,
  runAsNonRoot: true,
  runAsUser: 1000,
  seccompProfile: { type: 'RuntimeDefault' },
};
const resources = { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '50m', memory: '64Mi' } };
const shared = { mountPath: '/run/preflight', name: 'preflight-guard' };

function probeInit(
  cuda: string,
  secrets: string[],
  timeout = '120s',
  mode = 'fallback',
  image = PROBE,
): Spec[] {
  const base = { image, imagePullPolicy: 'IfNotPresent', resources, securityContext: security };
  const init: Spec[] = [
    {
      ...base,
      command: ['cp', '/opt/preflight/with-preflight-env', '/run/preflight/with-preflight-env'],
      name: 'preflight-install',
      volumeMounts: [shared],
    },
    {
      ...base,
      args: [
        'cuda',
        '--mode',
        mode,
        '--require-cuda',
        cuda,
        '--env-out',
        '/run/preflight/env',
        '--status-file',
        '/run/preflight/cuda.json',
      ],
      command: ['node', '--', '/opt/preflight/preflight-probe.js'],
      name: 'preflight-cuda',
      volumeMounts: [shared],
    },
  ];
  if (secrets.length) {
    init.push({
      ...base,
      args: [
        'secrets',
        ...secrets.flatMap((name) => ['--kubernetes-secret', name]),
        '--timeout',
        timeout,
        '--kubernetes-credentials',
        API_DIR,
        '--status-file',
        '/run/preflight/secrets.json',
      ],
      command: ['node', '--', '/opt/preflight/preflight-probe.js'],
      name: 'preflight-secrets',
      volumeMounts: [shared, { mountPath: API_DIR, name: 'preflight-guard-kube-api', readOnly: true }],
    });
  }
  return init;
}

function probeVolumes(withApi: boolean): Spec[] {
  const volumes: Spec[] = [{ emptyDir: { medium: 'Memory', sizeLimit: '1Mi' }, name: 'preflight-guard' }];
  if (withApi) {
    volumes.push({
      name: 'preflight-guard-kube-api',
      projected: {
        sources: [
          { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          {
            downwardAPI: {
              items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
            },
          },
        ],
      },
    });
  }
  return volumes;
}

const wrapper = ['/bin/sh', '/run/preflight/with-preflight-env', '--env-file', '/run/preflight/env', '--'];
const appMount = { ...shared, readOnly: true };

function server(name: string, extra: Spec = {}, mounts: Spec[] = []): Spec {
  return {
    args: ['--port', '8000'],
    command: [...wrapper, 'python', '-m', 'server'],
    image: 'ghcr.io/acme/llm-server:2.3.0-cuda12.1',
    name,
    resources: { limits: { 'nvidia.com/gpu': '1' } },
    ...extra,
    volumeMounts: [...mounts, appMount],
  };
}

const secretRef = (name: string, key = 'v') => ({ valueFrom: { secretKeyRef: { key, name } } });

/** The value at `keys` inside `value`. */
function at(value: unknown, ...keys: (string | number)[]): Spec {
  return keys.reduce<unknown>((current, key) => (current as Spec)[key], value) as Spec;
}

function podSpec(record: ResourceRecord): Spec {
  if (record.type.endsWith(':Pod')) return at(record.inputs, 'spec');
  if (record.type.endsWith(':CronJob'))
    return at(record.inputs, 'spec', 'jobTemplate', 'spec', 'template', 'spec');
  return at(record.inputs, 'spec', 'template', 'spec');
}

function rbac(name: string, ns: string, secrets: string[], serviceAccount?: string): Spec[] {
  const metadata = { name: `${name}-preflight-probe`, namespace: ns };
  const objects: Spec[] = [];
  if (!serviceAccount) {
    objects.push({ apiVersion: 'v1', automountServiceAccountToken: false, kind: 'ServiceAccount', metadata });
  }
  objects.push(
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata,
      rules: [{ apiGroups: [''], resourceNames: secrets, resources: ['secrets'], verbs: ['get'] }],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: metadata.name },
      subjects: [{ kind: 'ServiceAccount', name: serviceAccount ?? metadata.name, namespace: ns }],
    },
  );
  return objects;
}

describe('runtime probe transformation: real Pulumi programs under the emulated engine', () => {
  let capture: ProgramCapture;
  const workload = (name: string) =>
    capture.resources.find(
      (record) =>
        record.name === name &&
        /:(Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob|Pod)$/.test(record.type),
    )!;
  const rbacOf = (name: string) =>
    capture.resources
      .filter((record) => record.name === `${name}-preflight-probe`)
      .sort(
        (a, b) =>
          ['ServiceAccount', 'Role', 'RoleBinding'].indexOf(a.type.split(':')[2]!) -
          ['ServiceAccount', 'Role', 'RoleBinding'].indexOf(b.type.split(':')[2]!),
      );

  before(async () => {
    capture = await captureProgram(join(PROGRAMS, 'all-kinds'), 'dev', 'organization');
  });

  it('Deployment: the card gives CUDA 12.1, both Secrets are waited for once each, only the GPU container is wrapped', () => {
    assert.deepEqual(podSpec(workload('llm-server')), {
      containers: [
        server(
          'vllm',
          {
            env: [
              { name: 'HF_TOKEN', ...secretRef('hf-token') },
              { name: 'HF_TOKEN_AGAIN', ...secretRef('hf-token') },
              { name: 'OPENAI_API_KEY', ...secretRef('openai') },
            ],
          },
          [{ mountPath: '/cache', name: 'cache' }],
        ),
        { args: ['--listen', ':9100'], image: 'ghcr.io/acme/metrics:1.0', name: 'metrics' },
      ],
      initContainers: probeInit('12.1', ['hf-token', 'openai']),
      serviceAccountName: 'llm-server-preflight-probe',
      volumes: [{ emptyDir: {}, name: 'cache' }, ...probeVolumes(true)],
    });
    assert.deepEqual(
      rbacOf('llm-server').map((record) => [record.type, record.inputs]),
      rbac('llm-server', 'llm', ['hf-token', 'openai']).map((object) => [
        `kubernetes:${object.apiVersion === 'v1' ? 'core/v1' : object.apiVersion}:${object.kind}`,
        object,
      ]),
    );
  });

  it('StatefulSet: CUDA from its annotation; a Secret name computed from another resource reaches the args and the Role', () => {
    assert.deepEqual(podSpec(workload('embedder')), {
      containers: [
        {
          command: [...wrapper, 'embedder'],
          env: [{ name: 'EMBED_KEY', ...secretRef('embed-key', 'key') }],
          image: 'ghcr.io/acme/embedder:1.0-cuda12.4',
          name: 'embed',
          resources: { limits: { 'nvidia.com/gpu': '1' }, requests: { 'nvidia.com/gpu': '1' } },
          volumeMounts: [appMount],
        },
      ],
      initContainers: probeInit('12.4', ['embed-key']),
      serviceAccountName: 'embedder-preflight-probe',
      volumes: probeVolumes(true),
    });
    assert.deepEqual(
      rbacOf('embedder').map((record) => record.inputs),
      rbac('embedder', 'llm', ['embed-key']),
    );
    const role = rbacOf('embedder')[1]!;
    assert.ok(
      role.dependencies.some((urn) => urn.endsWith('kubernetes:core/v1:Secret::embed-key')),
      'the Role waits for the Secret whose name it holds',
    );
  });

  it('DaemonSet: card bound by annotation; its own ServiceAccount gets the Role, none is created', () => {
    assert.deepEqual(podSpec(workload('node-warmup')), {
      containers: [
        server('warmup', {
          env: [{ name: 'HF_TOKEN', ...secretRef('hf-token') }],
          image: 'mirror.example.com/warmup:3',
        }),
      ],
      initContainers: probeInit('12.1', ['hf-token']),
      serviceAccountName: 'warmup-sa',
      volumes: probeVolumes(true),
    });
    assert.deepEqual(
      rbacOf('node-warmup').map((record) => record.inputs),
      rbac('node-warmup', 'llm', ['hf-token'], 'warmup-sa'),
    );
  });

  it('ReplicaSet and Pod: no Secret referenced, so no checkpoint, no ServiceAccount, no RBAC', () => {
    for (const name of ['batch-rs', 'debug']) {
      assert.deepEqual(podSpec(workload(name)), {
        containers: [server(name === 'batch-rs' ? 'batch' : 'debug')],
        initContainers: probeInit('12.1', []),
        volumes: probeVolumes(false),
      });
      assert.deepEqual(rbacOf(name), []);
    }
  });

  it('Job: envFrom, secret and projected volumes count; optional refs and pull secrets do not; its own init container runs after the probe', () => {
    assert.deepEqual(podSpec(workload('eval')), {
      containers: [
        server('eval', {
          env: [
            { name: 'MAYBE', valueFrom: { secretKeyRef: { key: 'v', name: 'not-yet', optional: true } } },
          ],
          envFrom: [{ secretRef: { name: 'eval-env' } }],
        }),
      ],
      imagePullSecrets: [{ name: 'pull-creds' }],
      initContainers: [
        ...probeInit('12.1', ['eval-env', 'eval-files', 'eval-projected']),
        { command: ['true'], image: 'busybox:1.36', name: 'fetch' },
      ],
      restartPolicy: 'Never',
      serviceAccountName: 'eval-preflight-probe',
      volumes: [
        { name: 'files', secret: { secretName: 'eval-files' } },
        { name: 'proj', projected: { sources: [{ secret: { name: 'eval-projected' } }] } },
        ...probeVolumes(true),
      ],
    });
    assert.deepEqual(
      rbacOf('eval').map((record) => record.inputs),
      rbac('eval', 'llm', ['eval-env', 'eval-files', 'eval-projected']),
    );
  });

  it('CronJob: the pod spec under jobTemplate', () => {
    assert.deepEqual(podSpec(workload('nightly')), {
      containers: [server('nightly', { env: [{ name: 'HF_TOKEN', ...secretRef('hf-token') }] })],
      initContainers: probeInit('12.1', ['hf-token']),
      restartPolicy: 'OnFailure',
      serviceAccountName: 'nightly-preflight-probe',
      volumes: probeVolumes(true),
    });
    assert.deepEqual(
      rbacOf('nightly').map((record) => record.inputs),
      rbac('nightly', 'llm', ['hf-token']),
    );
  });

  it('leaves a workload without a GPU alone, and attaches to one its label selects', () => {
    assert.deepEqual(podSpec(workload('web')), {
      containers: [{ command: ['nginx'], image: 'nginx:1.27', name: 'web' }],
    });
    assert.deepEqual(podSpec(workload('cpu-picked')), {
      containers: [
        {
          command: [...wrapper, 'serve'],
          image: 'ghcr.io/acme/llm-server:2.3.0-cuda12.1',
          name: 'cpu',
          volumeMounts: [appMount],
        },
      ],
      initContainers: probeInit('12.1', []),
      volumes: probeVolumes(false),
    });
  });

  it('makes each workload with a checkpoint depend on its RoleBinding, so RBAC exists before the pod asks', () => {
    for (const name of ['llm-server', 'embedder', 'node-warmup', 'eval', 'nightly']) {
      const binding = rbacOf(name).find((record) => record.type.endsWith(':RoleBinding'))!;
      assert.ok(workload(name).dependencies.includes(binding.urn), `${name} depends on ${binding.urn}`);
    }
    assert.equal(
      capture.resources.filter((record) => record.name.endsWith('-preflight-probe')).length,
      4 * 3 + 2,
      'four ServiceAccounts, Roles and RoleBindings; a Role and RoleBinding for the DaemonSet',
    );
  });

  it('the policy pack then reports no gpu-probe-attached finding, and does for a control copy without the probe', async () => {
    const debug = workload('debug');
    const spec = structuredClone(debug.inputs) as { spec: { initContainers?: unknown } };
    delete spec.spec.initContainers;
    const control: ResourceRecord = {
      ...debug,
      name: 'debug-unprobed',
      urn: debug.urn.replace(/::debug$/, '::debug-unprobed'),
      inputs: spec,
      outputs: spec,
    };
    const result: PreviewResult = await analyzeCapture(
      { ...capture, resources: [...capture.resources, control] },
      { programDir: join(PROGRAMS, 'all-kinds'), packDir: PACK },
    );
    const probe = result.diagnostics.filter((diagnostic) => diagnostic.policyName === 'gpu-probe-attached');
    assert.deepEqual(
      probe.map((diagnostic) => diagnostic.name),
      ['debug-unprobed'],
    );
    // The only other finding: the optional Secret the Job may start without.
    assert.deepEqual(
      result.diagnostics
        .filter((diagnostic) => diagnostic.policyName !== 'gpu-probe-attached')
        .map((diagnostic) => `${diagnostic.policyName} ${diagnostic.enforcementLevel} ${diagnostic.name}`),
      ['secret-missing advisory eval'],
    );
    assert.ok(!JSON.stringify(result.diagnostics).includes('canary-probe-kinds-3f9d'));
  });
});

/**
 * Runs a program as the Node.js language host does, inside the root stack resource (which stack
 * transformations hang on), under mocks: emulated with the SDK's own runInPulumiStack.
 */
function languageHost(program: string): { type: string; name: string; inputs: Spec }[] {
  return languageHostRun(program).registered;
}

/** The same, with what the program wrote to stderr (pulumi.log.warn with no engine connected). */
function languageHostRun(program: string): {
  registered: { type: string; name: string; inputs: Spec }[];
  stderr: string;
} {
  const run = spawnSync(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), join(PROGRAMS, 'language-host.ts'), join(PROGRAMS, program)],
    { encoding: 'utf8' },
  );
  assert.equal(run.status, 0, run.stderr);
  return { registered: JSON.parse(run.stdout), stderr: run.stderr };
}

describe('runtime probe transformation: registered once per stack', () => {
  it('reaches workloads constructed after registerRuntimeProbe, in a program run as the language host runs it', () => {
    const registered = languageHost('stack-registration');
    assert.deepEqual(
      registered.map((resource) => `${resource.type} ${resource.name}`),
      [
        'pulumi:pulumi:Stack project-dev',
        'kubernetes:core/v1:ServiceAccount finetune-preflight-probe',
        'kubernetes:rbac.authorization.k8s.io/v1:Role finetune-preflight-probe',
        'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding finetune-preflight-probe',
        'kubernetes:batch/v1:Job finetune',
      ],
    );
    const job = at(registered.at(-1)!.inputs, 'spec', 'template', 'spec');
    assert.deepEqual(
      job.initContainers,
      probeInit('12.4', ['wandb'], '90s', 'strict', 'registry.acme.dev/preflight-probe:0.1.0'),
    );
    assert.deepEqual(at(job, 'containers', 0).command, [...wrapper, 'torchrun', 'train.py']);
    assert.deepEqual(registered[2]!.inputs.rules, [
      { apiGroups: [''], resourceNames: ['wandb'], resources: ['secrets'], verbs: ['get'] },
    ]);
  });

  it("reaches a Helm v3 Chart's children, which the SDK constructs in the program (helm template emulated)", () => {
    const registered = languageHost('helm-v3');
    assert.deepEqual(registered.map((resource) => `${resource.type} ${resource.name}`).sort(), [
      'kubernetes:apps/v1:Deployment llm/llm-server',
      'kubernetes:core/v1:Service llm/llm-server',
      'kubernetes:core/v1:ServiceAccount llm/llm-server-preflight-probe',
      'kubernetes:helm.sh/v3:Chart llm',
      'kubernetes:rbac.authorization.k8s.io/v1:Role llm/llm-server-preflight-probe',
      'kubernetes:rbac.authorization.k8s.io/v1:RoleBinding llm/llm-server-preflight-probe',
      'pulumi:pulumi:Stack project-dev',
    ]);
    const deployment = registered.find((resource) => resource.type.endsWith(':Deployment'))!;
    const spec = at(deployment.inputs, 'spec', 'template', 'spec');
    assert.deepEqual(spec.initContainers, probeInit('12.1', ['hf-token'], '90s'));
    assert.equal(spec.serviceAccountName, 'llm-server-preflight-probe');
  });

  it('fails the program with a clear error when a GPU container declares no command', async () => {
    await assert.rejects(
      captureProgram(join(PROGRAMS, 'no-command'), 'dev', 'organization'),
      (error: Error) => {
        assert.match(
          error.message,
          /Deployment\/llm\/llm-server: container vllm declares no command, so the runtime probe's wrapper cannot go in front of it .*: declare command \(the image's ENTRYPOINT\) and args/,
        );
        assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
        return true;
      },
    );
  });
});

describe('runtime probe transformation: GPUs requested through Dynamic Resource Allocation', () => {
  const program = join(PROGRAMS, 'dra-claims');
  let capture: ProgramCapture;
  before(async () => {
    capture = await captureProgram(program, 'dev', 'organization');
  });

  it('attaches to a pod whose claim template in the program asks for gpu.nvidia.com, leaves one it cannot resolve, and the pack notes that one', async () => {
    const spec = (name: string) =>
      podSpec(
        capture.resources.find((record) => record.name === name && record.type.endsWith(':Deployment'))!,
      );
    assert.deepEqual(spec('dra-server').initContainers, probeInit('12.1', [], '90s'));
    assert.equal(spec('dra-elsewhere').initContainers, undefined);
    const result = await analyzeCapture(capture, { programDir: program, packDir: PACK });
    const probe = result.diagnostics.filter((diagnostic) => diagnostic.policyName === 'gpu-probe-attached');
    assert.deepEqual(
      probe.map((diagnostic) => diagnostic.name),
      ['dra-elsewhere'],
    );
    assert.match(probe[0]!.message, /cluster-accelerator.*cannot tell whether it requests a GPU/);
  });

  it('the pack reports an image left as a template placeholder as a mandatory image-unresolved, registry lookups off', async () => {
    const resources = capture.resources.map((record) => {
      if (record.name !== 'dra-elsewhere' || !record.type.endsWith(':Deployment')) return record;
      const inputs = structuredClone(record.inputs) as Spec;
      (podSpec({ ...record, inputs }).containers as Spec[])[0]!.image =
        'us-docker.pkg.dev/PROJECT_ID/serving/vllm:latest';
      return { ...record, inputs, outputs: inputs };
    });
    const result = await analyzeCapture({ ...capture, resources }, { programDir: program, packDir: PACK });
    const invalid = result.diagnostics.filter((diagnostic) => diagnostic.policyName === 'image-unresolved');
    assert.deepEqual(
      invalid.map((diagnostic) => [diagnostic.name, diagnostic.enforcementLevel]),
      [['dra-elsewhere', 'mandatory']],
    );
    assert.match(invalid[0]!.message, /invalid image reference "us-docker\.pkg\.dev\/PROJECT_ID/);
    assert.equal(result.failed, true);
  });
});

describe('runtime probe transformation: custom resources from the workload kinds table, under the emulated engine', () => {
  let capture: ProgramCapture;
  const resource = (type: string, name: string) =>
    capture.resources.find((record) => record.type.endsWith(`:${type}`) && record.name === name)!;
  const rayNode = (name: string, extra: Spec = {}) => ({
    spec: {
      containers: [
        { command: ['ray', 'start', '--block'], image: 'rayproject/ray-ml:2.9.0-gpu', name, ...extra },
      ],
    },
  });

  before(async () => {
    capture = await captureProgram(join(PROGRAMS, 'custom-kinds'), 'dev', 'organization');
  });

  it('LeaderWorkerSet: leader and worker each probed, each waiting for its own Secrets; the worker keeps its ServiceAccount', () => {
    const lws = at(resource('LeaderWorkerSet', 'vllm').inputs, 'spec', 'leaderWorkerTemplate');
    const vllm = (name: string, command: string, env: Spec[]) => ({
      command: [...wrapper, 'sh', '-c', command],
      env,
      image: 'vllm/vllm-openai:v0.8.5',
      name,
      resources: { limits: { 'nvidia.com/gpu': '8' } },
      volumeMounts: [appMount],
    });
    const hfToken = { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { key: 'token', name: 'hf-token' } } };
    const wandb = { name: 'WANDB_API_KEY', valueFrom: { secretKeyRef: { key: 'token', name: 'wandb' } } };
    assert.deepEqual(lws.leaderTemplate, {
      metadata: { labels: { role: 'leader' } },
      spec: {
        containers: [
          vllm('vllm-leader', 'ray start --head && vllm serve meta-llama/Llama-3.1-8B-Instruct', [hfToken]),
        ],
        initContainers: probeInit('12.4', ['hf-token'], '90s'),
        serviceAccountName: 'vllm-preflight-probe',
        volumes: probeVolumes(true),
      },
    });
    assert.deepEqual(lws.workerTemplate, {
      spec: {
        containers: [
          vllm('vllm', 'ray start --address=$(LWS_LEADER_ADDRESS):6379 --block', [hfToken, wandb]),
        ],
        initContainers: probeInit('12.4', ['hf-token', 'wandb'], '90s'),
        serviceAccountName: 'vllm-worker',
        volumes: probeVolumes(true),
      },
    });
  });

  it('LeaderWorkerSet: one ServiceAccount, Role and RoleBinding for the object, covering both templates', () => {
    const [account, role, binding] = rbac('vllm', 'llm', ['hf-token', 'wandb']);
    const both = {
      ...binding!,
      subjects: [
        { kind: 'ServiceAccount', name: 'vllm-preflight-probe', namespace: 'llm' },
        { kind: 'ServiceAccount', name: 'vllm-worker', namespace: 'llm' },
      ],
    };
    const made = capture.resources.filter((record) => record.name === 'vllm-preflight-probe');
    assert.deepEqual(
      made.map((record) => record.inputs).sort((a, b) => String(a.kind).localeCompare(String(b.kind))),
      [role, both, account],
    );
    const bindingUrn = made.find((record) => record.type.endsWith(':RoleBinding'))!.urn;
    assert.ok(resource('LeaderWorkerSet', 'vllm').dependencies.includes(bindingUrn));
  });

  it('RayCluster: the head and the CPU group, without GPUs, stay as written; the GPU group is probed, with no RBAC', () => {
    const spec = at(resource('RayCluster', 'inference').inputs, 'spec');
    assert.deepEqual(spec.headGroupSpec, { rayStartParams: {}, template: rayNode('ray-head') });
    assert.deepEqual(spec.workerGroupSpecs, [
      { groupName: 'cpu-group', rayStartParams: {}, replicas: 2, template: rayNode('ray-cpu') },
      {
        groupName: 'gpu-group',
        rayStartParams: {},
        replicas: 1,
        template: {
          spec: {
            containers: [
              {
                command: [...wrapper, 'ray', 'start', '--block'],
                image: 'rayproject/ray-ml:2.9.0-gpu',
                name: 'ray-worker',
                resources: { limits: { 'nvidia.com/gpu': '1' } },
                volumeMounts: [appMount],
              },
            ],
            initContainers: probeInit('12.4', []),
            volumes: probeVolumes(false),
          },
        },
      },
    ]);
    assert.deepEqual(
      capture.resources.filter((record) => record.name === 'inference-preflight-probe'),
      [],
    );
  });

  it('Knative Service: its RevisionTemplateSpec probed', () => {
    const spec = at(resource('Service', 'llama-ksvc').inputs, 'spec', 'template', 'spec');
    assert.deepEqual(spec.initContainers, probeInit('12.4', []));
    assert.deepEqual(at(spec, 'containers', 0).command, [...wrapper, 'vllm', 'serve']);
  });

  it('warns, without failing the program, where no pod template exists (NIMService, a KServe model:)', () => {
    const { registered, stderr } = languageHostRun('custom-kinds');
    const nim = registered.find((record) => record.name === 'llama-nim')!;
    assert.equal(JSON.stringify(nim.inputs).includes('preflight'), false, 'left as written');
    assert.match(
      stderr,
      /warning: \[runtime\] preflight-guard: the runtime probe cannot be attached to NIMService\/llm\/llama-nim: its operator builds the pod, so there is no pod template to attach it to\. Run `probe cuda` first in the image's entrypoint/,
    );
    assert.match(
      stderr,
      /the runtime probe cannot be attached to InferenceService\/llm\/llama-kserve predictor: its pods are not described in this object \(comes from the ServingRuntime "vllm-runtime"/,
    );
    assert.match(
      stderr,
      /preflight-guard: runtime probe attached to Service llama-ksvc: Knative Serving admits init containers only with the feature flag `kubernetes.podspec-init-containers: enabled`/,
    );
    assert.ok(!stderr.includes('canary-custom-kinds-5b1e'));
  });

  it('the policy pack then reports gpu-probe-attached only for the kinds without a pod template', async () => {
    const result = await analyzeCapture(capture, {
      programDir: join(PROGRAMS, 'custom-kinds'),
      packDir: PACK,
    });
    const probe = result.diagnostics.filter((diagnostic) => diagnostic.policyName === 'gpu-probe-attached');
    assert.deepEqual(probe.map((diagnostic) => diagnostic.name).sort(), ['llama-kserve', 'llama-nim']);
    assert.ok(!JSON.stringify(result.diagnostics).includes('canary-custom-kinds-5b1e'));
  });
});
