import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const KINDS = ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'];

/**
 * Writes `count` realistic LLM-serving workloads (GPU vLLM-style containers with env, secret refs and
 * engine args, plus a sidecar) as multi-document YAML files of `perFile` workloads each, and one
 * model card per 50 workloads. Deterministic, so runs are comparable.
 */
export function generateWorkloads(
  dir: string,
  count: number,
  perFile = 100,
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
    for (let i = start; i < Math.min(count, start + perFile); i++) docs.push(workload(i));
    // The Secrets the workloads reference, in each namespace: a stack that provides what it uses.
    for (let ns = 0; ns < 13; ns++) docs.push(secrets(ns));
    const file = join(dir, `workloads-${String(start / perFile).padStart(4, '0')}.yaml`);
    writeFileSync(file, docs.join('---\n'));
    files.push(file);
  }
  return { files, cards };
}

function workload(i: number): string {
  const group = Math.floor(i / 50);
  const kind = KINDS[i % KINDS.length]!;
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
  const template = `
    metadata:
      labels: { app: llm-${i} }
    spec:${pod}`;
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
