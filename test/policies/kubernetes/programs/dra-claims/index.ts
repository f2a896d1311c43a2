// shape: a Pulumi Kubernetes program requesting GPUs through DRA (resource.k8s.io/v1 ResourceClaimTemplate,
// NVIDIA device class gpu.nvidia.com; pod spec.resourceClaims + container resources.claims); written for preflight-guard
import { join } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { runtimeProbeTransformation } from 'preflight-guard/policies';

const stack = new pulumi.ComponentResource(
  'acme:serving:Serving',
  'serving',
  {},
  {
    transformations: [
      runtimeProbeTransformation({
        image: 'ghcr.io/acme/preflight-probe:0.1.0',
        modelCards: [join(__dirname, '..', 'card.json')],
      }),
    ],
  },
);
const opts = { parent: stack };
const ns = 'llm';

new k8s.resource.v1.ResourceClaimTemplate(
  'single-gpu',
  {
    metadata: { name: 'single-gpu', namespace: ns },
    spec: {
      spec: { devices: { requests: [{ name: 'gpu', exactly: { deviceClassName: 'gpu.nvidia.com' } }] } },
    },
  },
  opts,
);

const deployment = (name: string, template: string) =>
  new k8s.apps.v1.Deployment(
    name,
    {
      metadata: { name, namespace: ns },
      spec: {
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: {
            resourceClaims: [{ name: 'gpu', resourceClaimTemplateName: template }],
            containers: [
              {
                name: 'vllm',
                image: 'ghcr.io/acme/llm-server:2.3.0-cuda12.1',
                command: ['vllm', 'serve'],
                args: ['google/gemma-2-2b-it'],
                resources: { claims: [{ name: 'gpu' }] },
              },
            ],
          },
        },
      },
    },
    opts,
  );

// Its claim template is in the program: a GPU, so the probe is attached.
deployment('dra-server', 'single-gpu');
// Its claim template is made elsewhere (a cluster add-on): not known to be a GPU, left as it is.
deployment('dra-elsewhere', 'cluster-accelerator');
