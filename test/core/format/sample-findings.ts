import { resolve } from 'node:path';
import type { FormatContext } from '../../../core/format/context';
import type { Finding } from '../../../core/model/finding';

export const cwd = resolve('/work/stack');

export const context: FormatContext = {
  tool: { name: 'preflight-guard', version: '0.1.0' },
  command: 'check',
  cwd,
};

/** One finding of each shape: located with values, overridden, unlocated, a note, a prompt lint. */
export function sampleFindings(): Finding[] {
  return [
    {
      rule: 'model-card-skew',
      severity: 'error',
      message: 'transformers 4.38.0 in the image, the model card declares 4.40.0',
      target: 'Deployment/llm/vllm container server',
      location: { file: resolve(cwd, 'k8s/deployment.yaml'), line: 24, column: 18 },
      declared: '4.40.0',
      effective: '4.38.0',
      source: 'image tag',
      fix: 'Rebuild the image with transformers 4.40.0.',
    },
    {
      rule: 'gpu-probe-attached',
      severity: 'warning',
      message: 'GPU requested without the runtime probe',
      target: 'Deployment/llm/vllm',
      location: { file: 'k8s/deployment.yaml', line: 3 },
      override: {
        reason: 'probe rolls out next sprint',
        expires: '2030-01-31',
        location: { file: resolve(cwd, 'preflight.yaml'), line: 12, column: 5 },
      },
    },
    {
      rule: 'secret-missing',
      severity: 'error',
      message: 'secret openai-credentials is referenced but not provided',
      target: 'urn:pulumi:dev::llm::kubernetes:apps/v1:Deployment::vllm',
      fix: 'Create the secret in namespace llm.',
    },
    {
      rule: 'prompt-template-vars',
      severity: 'note',
      message: 'variable {{ tone }} has a default only',
      target: 'prompts/answer.j2',
      location: { file: 'prompts/answer.j2', line: 7, column: 12 },
    },
  ];
}

/** `count` findings of one severity in distinct files, for the annotation cap. */
export function manyFindings(count: number, severity: Finding['severity']): Finding[] {
  return Array.from({ length: count }, (_, index) => ({
    rule: 'env-var-typo',
    severity,
    message: `OPEN_API_KEY looks like OPENAI_API_KEY (${index})`,
    target: `Deployment/app-${index}`,
    location: { file: `k8s/app-${index}.yaml`, line: index + 1 },
  }));
}
