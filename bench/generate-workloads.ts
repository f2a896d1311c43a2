import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KINDS = ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'];

/**
 * Issue 13's mix: the built-in kinds and the custom resources LLM teams deploy, several of them with
 * more than one pod template (a LeaderWorkerSet's leader and workers, a RayService's head and group).
 */
const MIXED_KINDS = [
  'built-in',
  'LeaderWorkerSet',
  'RayService',
  'InferenceService',
  'JobSet',
  'Service',
  'built-in',
];

/**
 * Writes `count` realistic LLM-serving workloads (GPU vLLM-style containers with env, secret refs and
 * engine args, plus a sidecar) as multi-document YAML files of `perFile` workloads each, and one
 * model card per 50 workloads. Deterministic, so runs are comparable.
 */
export function generateWorkloads(
  dir: string,
  count: number,
  perFile = 100,
  kinds: 'built-in' | 'mixed' = 'built-in',
): { files: string[]; cards: string[] } {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const cards: string[] = [];
  for (let group = 0; group * 50 < count; group++) {
    const card = join(dir, `model-card-${group}.json`);
    writeFileSync(
      card,
      JSON.stringify({
        model: { id: `org/model-${group}`, revision: revision(group) },
        tokenizer_sha: revision(group + 1000).slice(0, 12),
        runtime: { cuda: '12.1', pytorch: '2.3.0' },
        image: { repository: `ghcr.io/acme/llm-${group}` },
        env: { required: ['HF_TOKEN'] },
      }),
    );
    cards.push(card);
  }
  for (let start = 0; start < count; start += perFile) {
    const docs: string[] = [];
    for (let i = start; i < Math.min(count, start + perFile); i++)
      docs.push(kinds === 'mixed' ? mixedWorkload(i) : workload(i));
    // The Secrets the workloads reference, in each namespace: a stack that provides what it uses.
    for (let ns = 0; ns < 13; ns++) docs.push(secrets(ns));
    const file = join(dir, `workloads-${String(start / perFile).padStart(4, '0')}.yaml`);
    writeFileSync(file, docs.join('---\n'));
    files.push(file);
  }
  return { files, cards };
}

function workload(i: number): string {
  const kind = KINDS[i % KINDS.length]!;
  const template = podTemplate(i);
  const spec =
    kind === 'Job'
      ? `  template:${template.replace(/\n {4}/g, '\n    ')}`
      : `  selector: { matchLabels: { app: llm-${i} } }\n  template:${template}`;
  return `apiVersion: ${kind === 'Job' ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: llm-${i}
  namespace: team-${i % 13}
  labels: { app: llm-${i}, tier: inference }
spec:
${spec}
`;
}

/** Workload `i` of the mixed kinds: the same pod template at each place its kind holds one. */
function mixedWorkload(i: number): string {
  const kind = MIXED_KINDS[i % MIXED_KINDS.length]!;
  // At column 0: `metadata:` and `spec:` of a PodTemplateSpec; the PodSpec alone.
  const template = podTemplate(i)
    .split('\n')
    .slice(1)
    .map((line) => line.slice(4))
    .join('\n');
  const podSpec = template
    .split('\n')
    .slice(3)
    .map((line) => line.slice(2))
    .join('\n');
  const at = (text: string, indent: number) => text.replace(/^/gm, ' '.repeat(indent));
  const header = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: llm-${i}\n  namespace: team-${i % 13}\nspec:\n`;
  switch (kind) {
    case 'LeaderWorkerSet':
      return `${header('leaderworkerset.x-k8s.io/v1')}  leaderWorkerTemplate:\n    size: 2\n    leaderTemplate:\n${at(template, 6)}\n    workerTemplate:\n${at(template, 6)}\n`;
    case 'RayService':
      return `${header('ray.io/v1')}  serveConfigV2: |\n    applications:\n      - name: llm\n        runtime_env: { pip: ["vllm==0.8.5"], env_vars: { MODEL_ID: org/model-${Math.floor(i / 50)} } }\n  rayClusterConfig:\n    headGroupSpec:\n      template:\n${at(template, 8)}\n    workerGroupSpecs:\n      - groupName: gpu-group\n        template:\n${at(template, 10)}\n`;
    case 'InferenceService':
      return `${header('serving.kserve.io/v1beta1')}  predictor:\n${at(podSpec, 4)}\n`;
    case 'JobSet':
      return `${header('jobset.x-k8s.io/v1alpha2')}  replicatedJobs:\n    - name: workers\n      template:\n        spec:\n          template:\n${at(template, 12)}\n`;
    case 'Service':
      return `${header('serving.knative.dev/v1')}  template:\n${at(template, 4)}\n`;
    default:
      // A Deployment, StatefulSet, Job or DaemonSet, as `workload` writes them.
      return workload(i);
  }
}

/** The pod template of workload `i`, as under a Deployment's `spec.template:` (from its newline on). */
function podTemplate(i: number): string {
  const group = Math.floor(i / 50);
  // Every 7th workload carries the seed's skew, every 11th an env typo.
  const sha = i % 7 === 0 ? '9e7f02d00000' : revision(group + 1000).slice(0, 12);
  const key = i % 11 === 0 ? 'OPEN_API_KEY' : 'OPENAI_API_KEY';
  const pod = `
      containers:
        - name: vllm
          image: ghcr.io/acme/llm-${group}:2.3.0-cuda12.1-${i}
          command: [python, -m, vllm.entrypoints.openai.api_server]
          args: [--model, org/model-${group}, --revision, ${revision(group)}, --port, "8000", --max-model-len, "8192"]
          env:
            - { name: TOKENIZER_SHA, value: "${sha}" }
            - { name: HF_TOKEN, valueFrom: { secretKeyRef: { name: hf-token, key: token } } }
            - { name: ${key}, valueFrom: { secretKeyRef: { name: openai, key: api-key } } }
            - { name: VLLM_WORKER_MULTIPROC_METHOD, value: spawn }
            - { name: NCCL_DEBUG, value: WARN }
            - { name: LOG_LEVEL, value: info }
          ports: [{ containerPort: 8000 }]
          resources: { limits: { nvidia.com/gpu: 1, memory: 64Gi }, requests: { cpu: "8" } }
          volumeMounts: [{ name: cache, mountPath: /root/.cache/huggingface }]
        - name: metrics
          image: prom/statsd-exporter:v0.26.0
          args: [--statsd.listen-udp=:9125]
      volumes:
        - { name: cache, emptyDir: {} }
        - { name: creds, secret: { secretName: gcs-creds } }`;
  return `
    metadata:
      labels: { app: llm-${i} }
    spec:${pod}`;
}

function secrets(ns: number): string {
  return ['hf-token:token', 'openai:api-key', 'gcs-creds:key.json']
    .map((entry) => {
      const [name, key] = entry.split(':');
      return `apiVersion: v1\nkind: Secret\nmetadata: { name: ${name}, namespace: team-${ns} }\nstringData: { ${key}: placeholder }\n`;
    })
    .join('---\n');
}

function revision(seed: number): string {
  let hex = '';
  let x = (seed + 1) * 2654435761;
  while (hex.length < 40) {
    x = (x * 1103515245 + 12345) % 2147483648;
    hex += x.toString(16).padStart(8, '0');
  }
  return hex.slice(0, 40);
}
