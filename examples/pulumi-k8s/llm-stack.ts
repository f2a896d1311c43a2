import { join } from 'node:path';
import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { ModelCard, registerRuntimeProbe } from 'preflight-guard/policies';

export interface LlmStackOptions {
  /** What the image's tokenizer hashes to, as the image's build wrote it. */
  tokenizerSha: string;
  /** Whether the stack creates the OpenAI key Secret the server references. */
  withOpenAiSecret: boolean;
  /**
   * Whether the runtime probe is attached (init containers, the env wrapper, a ServiceAccount that may
   * only get the Secrets the server references), so a too-old driver means CPU safe mode, not a crash.
   */
  withProbe: boolean;
}

/**
 * A vLLM-style serving stack: a GPU Deployment bound to its model card, a Service, a prompt ConfigMap
 * and the Secrets it references. The variants differ only in `options`.
 */
export function llmStack(options: LlmStackOptions): void {
  const config = new pulumi.Config();
  const namespace = 'llm';
  const labels = { app: 'llm-server' };

  const cardPath = join(__dirname, 'model-card.json');
  new ModelCard('llama-3-1-8b', { path: cardPath });
  // Registered once for the whole stack: every GPU workload gets the probe init containers, the env
  // wrapper and a ServiceAccount that may only get the Secrets it references. The required CUDA comes
  // from the card the server's image binds to.
  if (options.withProbe) {
    registerRuntimeProbe({ image: 'ghcr.io/acme/preflight-probe:0.1.0', modelCards: [cardPath] });
  }

  new k8s.core.v1.Secret('hf-token', {
    metadata: { name: 'hf-token', namespace },
    stringData: { token: config.getSecret('hfToken') ?? pulumi.secret('hf_canary_not_a_real_token') },
  });
  if (options.withOpenAiSecret) {
    new k8s.core.v1.Secret('openai', {
      metadata: { name: 'openai', namespace },
      stringData: { 'api-key': config.getSecret('openaiKey') ?? pulumi.secret('sk-canary-not-a-real-key') },
    });
  }

  new k8s.core.v1.ConfigMap('llm-prompts', {
    metadata: {
      name: 'llm-prompts',
      namespace,
      labels: { 'preflight-guard.dev/prompts': 'true' },
      // The server fills these when it renders the prompt; anything else must have a default.
      annotations: { 'preflight-guard.dev/prompt-vars': 'company' },
    },
    data: {
      'system.jinja':
        'You are a helpful assistant for {{ company }}. Answer in {{ language | default("English") }}.',
    },
  });

  new k8s.apps.v1.Deployment('llm-server', {
    metadata: { name: 'llm-server', namespace, labels },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          enableServiceLinks: false,
          containers: [
            {
              name: 'vllm',
              image: 'ghcr.io/acme/llm-server:2.3.0-cuda12.1',
              command: ['python', '-m', 'vllm.entrypoints.openai.api_server'],
              args: [
                '--model',
                'meta-llama/Llama-3.1-8B-Instruct',
                '--revision',
                '0e9e39f249a16976918f6564b8830bc894c89659',
                '--port',
                '8000',
              ],
              env: [
                { name: 'TOKENIZER_SHA', value: options.tokenizerSha },
                // What the image was built with beyond its tag: the card's every field is then verified.
                { name: 'PYTORCH_VERSION', value: '2.3.0' },
                { name: 'TRANSFORMERS_VERSION', value: '4.44.0' },
                { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf-token', key: 'token' } } },
                { name: 'OPENAI_API_KEY', valueFrom: { secretKeyRef: { name: 'openai', key: 'api-key' } } },
              ],
              ports: [{ containerPort: 8000 }],
              resources: { limits: { 'nvidia.com/gpu': '1' } },
              volumeMounts: [{ name: 'prompts', mountPath: '/etc/prompts' }],
            },
          ],
          volumes: [{ name: 'prompts', configMap: { name: 'llm-prompts' } }],
        },
      },
    },
  });

  new k8s.core.v1.Service('llm-server', {
    metadata: { name: 'llm-server', namespace },
    spec: { selector: labels, ports: [{ port: 80, targetPort: 8000 }] },
  });
}
