import * as k8s from '@pulumi/kubernetes';
import { registerRuntimeProbe } from 'preflight-guard/policies';

registerRuntimeProbe({ requireCuda: '12.1', image: 'ghcr.io/acme/preflight-probe:0.1.0' });

// A v3 Chart: the provider renders it (helm template), the SDK constructs its children in this process.
new k8s.helm.v3.Chart('llm', {
  chart: 'llm-server',
  version: '1.0.0',
  namespace: 'llm',
  fetchOpts: { repo: 'https://charts.acme.dev' },
});
