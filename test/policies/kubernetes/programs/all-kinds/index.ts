import { join } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { runtimeProbeTransformation } from 'preflight-guard/policies';

// The transformation on a component reaches everything under it, exactly as a stack transformation
// (registerRuntimeProbe) reaches everything under the root stack resource.
const serving = new pulumi.ComponentResource(
  'acme:serving:Serving',
  'serving',
  {},
  {
    transformations: [
      runtimeProbeTransformation({
        image: 'ghcr.io/acme/preflight-probe:0.1.0',
        modelCards: [join(__dirname, '..', 'card.json')],
        secretTimeout: '2m',
        selector: { 'preflight-guard.dev/probe': 'attach' },
      }),
    ],
  },
);
const opts = { parent: serving };
const ns = 'llm';
const gpu = { limits: { 'nvidia.com/gpu': '1' } };
const server = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  image: 'ghcr.io/acme/llm-server:2.3.0-cuda12.1',
  command: ['python', '-m', 'server'],
  args: ['--port', '8000'],
  resources: gpu,
  ...extra,
});

for (const name of ['hf-token', 'openai', 'eval-env', 'eval-files', 'eval-projected', 'pull-creds']) {
  new k8s.core.v1.Secret(
    name,
    { metadata: { name, namespace: ns }, stringData: { v: pulumi.secret('canary-probe-kinds-3f9d') } },
    opts,
  );
}
const embedKey = new k8s.core.v1.Secret(
  'embed-key',
  {
    metadata: { name: 'embed-key', namespace: ns },
    stringData: { key: pulumi.secret('canary-probe-kinds-3f9d') },
  },
  opts,
);

// Bound to the card by image repository; two Secret references to one Secret.
new k8s.apps.v1.Deployment(
  'llm-server',
  {
    metadata: { name: 'llm-server', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'llm' } },
      template: {
        metadata: { labels: { app: 'llm' } },
        spec: {
          containers: [
            server('vllm', {
              env: [
                { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'v' } } },
                { name: 'HF_TOKEN_AGAIN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'v' } } },
                { name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'openai', key: 'v' } } },
              ],
              volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
            }),
            { name: 'metrics', image: 'ghcr.io/acme/metrics:1.0', args: ['--listen', ':9100'] },
          ],
          volumes: [{ name: 'cache', emptyDir: {} }],
        },
      },
    },
  },
  opts,
);

// CUDA from the annotation; the Secret's name is another resource's output.
new k8s.apps.v1.StatefulSet(
  'embedder',
  {
    metadata: { name: 'embedder', namespace: ns, annotations: { 'preflight-guard.dev/cuda': '12.4' } },
    spec: {
      serviceName: 'embedder',
      selector: { matchLabels: { app: 'embedder' } },
      template: {
        metadata: { labels: { app: 'embedder' } },
        spec: {
          containers: [
            {
              name: 'embed',
              image: 'ghcr.io/acme/embedder:1.0-cuda12.4',
              command: ['embedder'],
              env: [
                {
                  name: 'EMBED_KEY',
                  valueFrom: { secretKeyRef: { name: embedKey.metadata.name, key: 'key' } },
                },
              ],
              resources: { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '1' } },
            },
          ],
        },
      },
    },
  },
  opts,
);

// Its own ServiceAccount: the Role is bound to it, nothing is created for it.
new k8s.apps.v1.DaemonSet(
  'node-warmup',
  {
    metadata: {
      name: 'node-warmup',
      namespace: ns,
      annotations: { 'preflight-guard.dev/model-card': 'acme/llm-7b' },
    },
    spec: {
      selector: { matchLabels: { app: 'warmup' } },
      template: {
        metadata: { labels: { app: 'warmup' } },
        spec: {
          serviceAccountName: 'warmup-sa',
          containers: [
            server('warmup', {
              image: 'mirror.example.com/warmup:3',
              env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'v' } } }],
            }),
          ],
        },
      },
    },
  },
  opts,
);

// No Secret at all: no checkpoint, no RBAC.
new k8s.apps.v1.ReplicaSet(
  'batch-rs',
  {
    metadata: { name: 'batch-rs', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'batch' } },
      template: { metadata: { labels: { app: 'batch' } }, spec: { containers: [server('batch')] } },
    },
  },
  opts,
);

// envFrom, a secret volume and a projected one count; optional references and pull secrets do not.
new k8s.batch.v1.Job(
  'eval',
  {
    metadata: { name: 'eval', namespace: ns },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          imagePullSecrets: [{ name: 'pull-creds' }],
          initContainers: [{ name: 'fetch', image: 'busybox:1.36', command: ['true'] }],
          containers: [
            server('eval', {
              envFrom: [{ secretRef: { name: 'eval-env' } }],
              env: [
                { name: 'MAYBE', valueFrom: { secretKeyRef: { name: 'not-yet', key: 'v', optional: true } } },
              ],
            }),
          ],
          volumes: [
            { name: 'files', secret: { secretName: 'eval-files' } },
            { name: 'proj', projected: { sources: [{ secret: { name: 'eval-projected' } }] } },
          ],
        },
      },
    },
  },
  opts,
);

new k8s.batch.v1.CronJob(
  'nightly',
  {
    metadata: { name: 'nightly', namespace: ns },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'OnFailure',
              containers: [
                server('nightly', {
                  env: [{ name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'v' } } }],
                }),
              ],
            },
          },
        },
      },
    },
  },
  opts,
);

new k8s.core.v1.Pod(
  'debug',
  {
    metadata: { name: 'debug', namespace: ns },
    spec: { containers: [server('debug')] },
  },
  opts,
);

// No GPU: left as it is.
new k8s.apps.v1.Deployment(
  'web',
  {
    metadata: { name: 'web', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', command: ['nginx'] }] },
      },
    },
  },
  opts,
);

// No GPU, but picked by the selector: every app container is wrapped.
new k8s.apps.v1.Deployment(
  'cpu-picked',
  {
    metadata: { name: 'cpu-picked', namespace: ns },
    spec: {
      selector: { matchLabels: { app: 'cpu' } },
      template: {
        metadata: { labels: { app: 'cpu', 'preflight-guard.dev/probe': 'attach' } },
        spec: {
          containers: [{ name: 'cpu', image: 'ghcr.io/acme/llm-server:2.3.0-cuda12.1', command: ['serve'] }],
        },
      },
    },
  },
  opts,
);
