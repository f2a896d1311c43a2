import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { runtimeProbeTransformation } from 'preflight-guard/policies';

// Shapes: LeaderWorkerSet leaderworkerset.x-k8s.io/v1 (kubernetes-sigs/lws samples), RayCluster ray.io/v1
// (kuberay ray-cluster.complete.yaml), NIMService apps.nvidia.com/v1alpha1 (NIM operator docs), KServe
// InferenceService v1beta1 `model:` form; written for preflight-guard.
const serving = new pulumi.ComponentResource(
  'acme:serving:Serving',
  'serving',
  {},
  {
    transformations: [
      runtimeProbeTransformation({ image: 'ghcr.io/acme/preflight-probe:0.1.0', requireCuda: '12.4' }),
    ],
  },
);
const opts = { parent: serving };
const secretEnv = (name: string, secret: string) => ({
  name,
  valueFrom: { secretKeyRef: { name: secret, key: 'token' } },
});
const gpus = (count: string) => ({ limits: { 'nvidia.com/gpu': count } });

for (const name of ['hf-token', 'wandb']) {
  new k8s.core.v1.Secret(
    name,
    {
      metadata: { name, namespace: 'llm' },
      stringData: { token: pulumi.secret('canary-custom-kinds-5b1e') },
    },
    opts,
  );
}

// Leader and worker both request GPUs; the worker runs as its own ServiceAccount.
new k8s.apiextensions.CustomResource(
  'vllm',
  {
    apiVersion: 'leaderworkerset.x-k8s.io/v1',
    kind: 'LeaderWorkerSet',
    metadata: { name: 'vllm', namespace: 'llm' },
    spec: {
      replicas: 1,
      leaderWorkerTemplate: {
        size: 2,
        leaderTemplate: {
          metadata: { labels: { role: 'leader' } },
          spec: {
            containers: [
              {
                name: 'vllm-leader',
                image: 'vllm/vllm-openai:v0.8.5',
                command: ['sh', '-c', 'ray start --head && vllm serve meta-llama/Llama-3.1-8B-Instruct'],
                env: [secretEnv('HF_TOKEN', 'hf-token')],
                resources: gpus('8'),
              },
            ],
          },
        },
        workerTemplate: {
          spec: {
            serviceAccountName: 'vllm-worker',
            containers: [
              {
                name: 'vllm',
                image: 'vllm/vllm-openai:v0.8.5',
                command: ['sh', '-c', 'ray start --address=$(LWS_LEADER_ADDRESS):6379 --block'],
                env: [secretEnv('HF_TOKEN', 'hf-token'), secretEnv('WANDB_API_KEY', 'wandb')],
                resources: gpus('8'),
              },
            ],
          },
        },
      },
    },
  },
  opts,
);

// The head requests no GPU and stays as written; so does the CPU group; the GPU group is probed.
const rayNode = (name: string, resources?: Record<string, unknown>) => ({
  spec: {
    containers: [
      {
        name,
        image: 'rayproject/ray-ml:2.9.0-gpu',
        command: ['ray', 'start', '--block'],
        ...(resources ? { resources } : {}),
      },
    ],
  },
});
new k8s.apiextensions.CustomResource(
  'inference',
  {
    apiVersion: 'ray.io/v1',
    kind: 'RayCluster',
    metadata: { name: 'inference', namespace: 'llm' },
    spec: {
      headGroupSpec: { rayStartParams: {}, template: rayNode('ray-head') },
      workerGroupSpecs: [
        { groupName: 'cpu-group', replicas: 2, rayStartParams: {}, template: rayNode('ray-cpu') },
        {
          groupName: 'gpu-group',
          replicas: 1,
          rayStartParams: {},
          template: rayNode('ray-worker', gpus('1')),
        },
      ],
    },
  },
  opts,
);

// Knative Service (serving.knative.dev/v1, RevisionTemplateSpec): probed, with a note on its feature flag.
new k8s.apiextensions.CustomResource(
  'llama-ksvc',
  {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: { name: 'llama-ksvc', namespace: 'llm' },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'vllm',
              image: 'vllm/vllm-openai:v0.8.5',
              command: ['vllm', 'serve'],
              resources: gpus('1'),
            },
          ],
        },
      },
    },
  },
  opts,
);

// No pod template: the operator builds the pod. A warning, and the program goes on.
new k8s.apiextensions.CustomResource(
  'llama-nim',
  {
    apiVersion: 'apps.nvidia.com/v1alpha1',
    kind: 'NIMService',
    metadata: { name: 'llama-nim', namespace: 'llm' },
    spec: {
      image: {
        repository: 'nvcr.io/nim/meta/llama-3.1-8b-instruct',
        tag: '1.3.3',
        pullSecrets: ['ngc-secret'],
      },
      authSecret: 'ngc-api-secret',
      resources: gpus('1'),
    },
  },
  opts,
);
new k8s.apiextensions.CustomResource(
  'llama-kserve',
  {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name: 'llama-kserve', namespace: 'llm' },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'huggingface' },
          runtime: 'vllm-runtime',
          storageUri: 'hf://meta-llama/Llama-3.1-8B-Instruct',
          resources: gpus('1'),
        },
      },
    },
  },
  opts,
);
