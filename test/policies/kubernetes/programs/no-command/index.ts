import * as k8s from '@pulumi/kubernetes';
import { runtimeProbeTransformation } from 'preflight-guard/policies';

// Only args: the image's entrypoint would run, and nothing can put the wrapper in front of it.
new k8s.apps.v1.Deployment(
  'llm-server',
  {
    metadata: { name: 'llm-server', namespace: 'llm' },
    spec: {
      selector: { matchLabels: { app: 'llm' } },
      template: {
        metadata: { labels: { app: 'llm' } },
        spec: {
          containers: [
            {
              name: 'vllm',
              image: 'vllm/vllm-openai:v0.6.0',
              args: ['--model', 'x'],
              resources: { limits: { 'nvidia.com/gpu': '1' } },
            },
          ],
        },
      },
    },
  },
  { transformations: [runtimeProbeTransformation({ requireCuda: '12.4' })] },
);
