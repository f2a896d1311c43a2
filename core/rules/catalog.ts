import type { RuleId, Severity } from '../model/finding';

export interface RuleInfo {
  id: RuleId;
  /** One line, for SARIF `shortDescription`, `--help` and the README. */
  description: string;
  defaultSeverity: Severity;
  /** What to do about a violation, for SARIF `help`. */
  help: string;
}

/** Every rule id every front shares. A test pins this list. */
export const RULE_CATALOG: readonly RuleInfo[] = [
  {
    id: 'model-card-skew',
    description: 'The effective runtime (image tag, env, engine args) disagrees with the model card.',
    defaultSeverity: 'error',
    help: 'Rebuild or retag the image, fix the env/args, or update the model card; or add an override with a reason.',
  },
  {
    id: 'secret-missing',
    description:
      'A workload references a secret that the stack does not provide and config does not declare external.',
    defaultSeverity: 'error',
    help: 'Create the secret in the same namespace, or list it under secrets.external in preflight.yaml.',
  },
  {
    id: 'cuda-driver-compat',
    description: "The image's CUDA version needs a newer NVIDIA driver than the target nodes have.",
    defaultSeverity: 'error',
    help: 'Use an image built for an older CUDA, upgrade the node driver, or run the probe in fallback mode.',
  },
  {
    id: 'env-var-typo',
    description: 'A container env var name looks like a misspelling or a deprecated alias of a known name.',
    defaultSeverity: 'error',
    help: 'Rename the variable to the suggested name, or add it to env.known in preflight.yaml.',
  },
  {
    id: 'prompt-template-vars',
    description: 'A prompt template uses a variable that nothing fills.',
    defaultSeverity: 'error',
    help: 'Declare the variable in prompt_vars.yaml, give it a default, or remove it.',
  },
  {
    id: 'invisible-unicode',
    description: 'Invisible or bidirectional Unicode characters in a prompt or config.',
    defaultSeverity: 'error',
    help: 'Remove the character; it changes what the model sees without showing in review.',
  },
  {
    id: 'gpu-probe-attached',
    description: 'A workload requests a GPU without the runtime probe attached.',
    defaultSeverity: 'warning',
    help: 'Attach the runtime probe: an init container running `preflight probe cuda`, and the app started through with-preflight-env.',
  },
  {
    id: 'image-tag-mismatch',
    description:
      "An image's tag says one CUDA or framework version and its image config in the registry says another.",
    defaultSeverity: 'error',
    help: 'Retag the image after what it contains, or rebuild it; then deploy it by digest.',
  },
  {
    id: 'image-digest-moved',
    description:
      'A model card pins an image digest and the tag the workload deploys now resolves to another digest.',
    defaultSeverity: 'error',
    help: 'Deploy the image by the digest the card pins, or update the card once the new image is verified.',
  },
  {
    id: 'image-unresolved',
    description:
      'An image reference is invalid, or the image could not be resolved in its registry, so its config could not be checked.',
    defaultSeverity: 'warning',
    help: 'Check the reference (an invalid one is always an error), the registry credentials (auths in the Docker config file) and the network; registry.unresolved sets the level of lookup failures.',
  },
];

export function ruleInfo(id: RuleId): RuleInfo {
  const info = RULE_CATALOG.find((rule) => rule.id === id);
  if (!info) throw new Error(`unknown rule id ${id}`);
  return info;
}
