import * as k8s from '@pulumi/kubernetes';
import { registerRuntimeProbe } from 'preflight-guard/policies';

// Once per stack: every workload constructed afterwards gets the probe.
registerRuntimeProbe({
  requireCuda: '12.4',
  mode: 'strict',
  image: 'registry.acme.dev/preflight-probe:0.1.0',
});

new k8s.batch.v1.Job('finetune', {
  metadata: { name: 'finetune', namespace: 'train' },
  spec: {
    template: {
      spec: {
        restartPolicy: 'Never',
        containers: [
          {
            name: 'train',
            image: 'ghcr.io/acme/train:1',
            command: ['torchrun', 'train.py'],
            env: [{ name: 'WANDB_API_KEY', valueFrom: { secretKeyRef: { name: 'wandb', key: 'key' } } }],
            resources: { limits: { 'nvidia.com/gpu': '8' } },
          },
        ],
      },
    },
  },
});
