import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { attachRuntimeProbe } from '../../policies/kubernetes';
import { bundleProbe } from '../../runtime-probe/bundle';
import { fakeRoot, ONE_GPU } from '../harness/fake-gpu-host';
import {
  type KubeApiEmulation,
  SECRET_VALUE_CANARY,
  startKubeApiEmulation,
} from '../harness/kube-api-emulation';
import { tempFiles } from '../harness/temp-files';

// The pod the transform's plain function produces, run as the kubelet would run it, container by
// container as processes: its init containers in order (each must exit 0 before the next), then the
// app through the wrapper. What is emulated: the API server (HTTPS on 127.0.0.1), the GPU host (a fake
// root holding /sys/module/nvidia/version and /dev/nvidia*), and the container file systems (paths
// mapped into temp folders). The probe is the bundle the image ships, run with plain `node`; the
// wrapper runs with `sh`.

const APP = `console.log(JSON.stringify({ cuda: process.env.CUDA_VISIBLE_DEVICES ?? null, device: process.env.PREFLIGHT_DEVICE ?? null, args: process.argv.slice(1) }))`;

interface Step {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

// What the probe's image holds at /opt/preflight: the bundle and the wrapper.
const imageDir = tempFiles({});

function pod(mode: 'fallback' | 'strict') {
  const probed = attachRuntimeProbe(
    {
      kind: 'Deployment',
      name: 'llm-server',
      namespace: 'llm',
      annotations: { 'preflight-guard.dev/cuda': '12.4' },
      spec: {
        containers: [
          {
            name: 'vllm',
            image: 'ghcr.io/acme/llm-server:2.3.0-cuda12.4',
            command: ['node', '-e', APP, '--'],
            args: ['--port', '8000'],
            env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } }],
            resources: { limits: { 'nvidia.com/gpu': '1' } },
          },
        ],
      },
    },
    { mode, secretTimeout: '1s', image: 'preflight-probe:test' },
  );
  assert.ok(probed);
  return probed;
}

/** Runs the pod's containers as processes; stops at the first init container that fails, as the kubelet does. */
interface PodContainers {
  initContainers: { name: string; command: string[]; args?: string[] }[];
  containers: { name: string; command: string[]; args?: string[] }[];
}

function podContainers(mode: 'fallback' | 'strict'): PodContainers {
  return pod(mode).spec as unknown as PodContainers;
}

async function boot(
  spec: PodContainers,
  host: string,
  emulation: KubeApiEmulation,
): Promise<{ steps: Step[]; shared: string }> {
  const shared = tempFiles({});
  const paths: [string, string][] = [
    ['/opt/preflight', imageDir],
    ['/run/preflight', shared],
    ['/var/run/secrets/preflight-guard.dev/kube-api', emulation.credentialsDir],
  ];
  const mapped = (word: string) => paths.reduce((text, [from, to]) => text.replace(from, to), word);
  // The kubelet's env for every container, whatever enableServiceLinks says.
  const env = {
    PATH: process.env.PATH,
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: new URL(emulation.url).port,
  };
  const steps: Step[] = [];
  for (const container of [...spec.initContainers, ...spec.containers]) {
    const argv: string[] = [...container.command, ...(container.args ?? [])].map(mapped);
    // The container's `/` is the fake GPU host: what /sys and /proc show inside the probe's container.
    if (container.name === 'preflight-cuda') argv.push('--root', host);
    if (argv[0] === 'node') argv[0] = process.execPath;
    const step = await run(container.name, argv, env);
    steps.push(step);
    if (step.code !== 0) break;
  }
  return { steps, shared };
}

function run(name: string, argv: string[], env: NodeJS.ProcessEnv): Promise<Step> {
  const [file, ...args] = argv as [string, ...string[]];
  const child = spawn(file, args, { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ name, code, stdout, stderr })));
}

function appSaw(steps: Step[]): Record<string, unknown> {
  const app = steps.at(-1)!;
  assert.equal(app.name, 'vllm');
  assert.equal(app.code, 0, app.stderr);
  return JSON.parse(app.stdout) as Record<string, unknown>;
}

describe('the probe attached to a pod, run as processes (emulated API server and GPU host)', () => {
  before(async () => {
    await bundleProbe(imageDir);
  });

  it('driver too old for CUDA 12.4: fallback writes CPU safe mode and the app starts with no GPU visible', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present' });
    const host = fakeRoot({ sys: '470.223.02\n', devices: ONE_GPU });
    const { steps, shared } = await boot(podContainers('fallback'), host, emulation);
    assert.deepEqual(
      steps.map((step) => `${step.name} ${step.code}`),
      ['preflight-install 0', 'preflight-cuda 0', 'preflight-secrets 0', 'vllm 0'],
    );
    assert.deepEqual(appSaw(steps), { cuda: '', device: 'cpu', args: ['--port', '8000'] });
    assert.ok(
      existsSync(join(shared, 'with-preflight-env')),
      'the wrapper was copied onto the shared volume',
    );
    assert.equal(JSON.parse(readFileSync(join(shared, 'cuda.json'), 'utf8')).action, 'cpu-fallback');
    assert.deepEqual(JSON.parse(readFileSync(join(shared, 'secrets.json'), 'utf8')).present, [
      { name: 'hf-token', where: 'kubernetes secret llm/hf-token' },
    ]);
    assert.deepEqual(
      emulation.requests.map((request) => request.path),
      ['/api/v1/namespaces/llm/secrets/hf-token'],
    );
    const text = steps.map((step) => step.stdout + step.stderr).join('\n');
    assert.ok(
      !text.includes(SECRET_VALUE_CANARY) && !text.includes(emulation.token),
      'no secret value or token',
    );
  });

  it('a driver new enough: the app keeps its GPU', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present' });
    const { steps } = await boot(
      podContainers('fallback'),
      fakeRoot({ sys: '550.54.15\n', devices: ONE_GPU }),
      emulation,
    );
    assert.deepEqual(appSaw(steps), { cuda: null, device: 'gpu', args: ['--port', '8000'] });
  });

  it('strict mode and an old driver: the CUDA init container fails and the app never starts', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'present' });
    const { steps } = await boot(
      podContainers('strict'),
      fakeRoot({ sys: '470.223.02\n', devices: ONE_GPU }),
      emulation,
    );
    assert.deepEqual(
      steps.map((step) => `${step.name} ${step.code}`),
      ['preflight-install 0', 'preflight-cuda 1'],
    );
  });

  it('the Secret is forbidden to the probe: the checkpoint fails after secret_timeout naming it, the app never starts', async () => {
    const emulation = await startKubeApiEmulation({ 'hf-token': 'forbidden' });
    const { steps } = await boot(
      podContainers('fallback'),
      fakeRoot({ sys: '550.54.15\n', devices: ONE_GPU }),
      emulation,
    );
    const last = steps.at(-1)!;
    assert.equal(last.name, 'preflight-secrets');
    assert.equal(last.code, 1);
    assert.match(
      last.stderr,
      /hf-token \(looked in kubernetes secret llm\/hf-token \(forbidden: the probe's ServiceAccount may not get secret hf-token\)\)/,
    );
  });
});
