import type { Finding, RuleOutcome } from '../model/finding';
import { imagePath, locateIn } from '../model/workload';
import type { RegistryFailure } from '../registry/registry-error';
import { containerTarget } from './model-card-skew';
import type { Binding, CheckContext, Rule } from './rule';

/**
 * An image that cannot be resolved: an invalid reference (always an error: the kubelet refuses it, and
 * nothing about the image can be read), or one the registry lookup could not resolve (nothing in its
 * config was checked).
 */
export const imageUnresolved: Rule = {
  id: 'image-unresolved',
  description:
    'An image reference is invalid, or the image could not be resolved in its registry, so its config could not be checked.',
  defaultSeverity: 'warning',
  check(context: CheckContext): RuleOutcome {
    const outcome: RuleOutcome = { findings: [], passed: [] };
    for (const binding of context.bindings) {
      if (binding.invalidImage) {
        outcome.findings.push(invalidReference(binding));
        continue;
      }
      const { image } = binding;
      if (image?.status !== 'unresolved') continue;
      outcome.findings.push({
        rule: 'image-unresolved',
        severity: context.config.registry.unresolved,
        target: containerTarget(binding),
        location: locateIn(binding.workload, imagePath(binding.workload, binding.container)),
        effective: image.reference,
        source: 'registry',
        message: `cannot resolve ${image.reference}: ${image.reason}`,
        fix: FIXES[image.failure],
      });
    }
    return outcome;
  },
};

const FIXES: Record<RegistryFailure, string> = {
  unreachable: 'Check the registry address and the network, or run with --offline against a warm cache.',
  timeout: 'The registry is slow: raise registry.timeout, or retry.',
  unauthorized: 'Log in (an "auths" entry in the Docker config file) or point registry.docker_config at one.',
  'not-found': 'Fix the reference, or push the image.',
  'server-error': 'The registry failed; retry later.',
  'client-error': 'Check the reference and the registry.',
  redirect:
    'The registry (or a proxy in front of it) redirects somewhere this client does not follow; check its storage redirect settings.',
  'too-large': 'The manifest or config is larger than any real image needs; check the registry.',
  'digest-mismatch':
    'The registry served content that does not match its digest: do not deploy it; check the registry and anything between.',
  malformed: 'The registry served a manifest or config that cannot be read; push the image again.',
  unsupported: 'Push the image again with a current client (OCI or Docker schema 2).',
  'no-platform': 'Build the image for the platform (registry.platform says which is wanted).',
  'not-cached': 'Run once without --offline to fill the cache.',
};

/** A template placeholder left in (`$IMAGE_URL`, `…/PROJECT_ID/…`) is the usual cause. */
function invalidReference(binding: Binding): Finding {
  return {
    rule: 'image-unresolved',
    severity: 'error',
    target: containerTarget(binding),
    location: locateIn(binding.workload, imagePath(binding.workload, binding.container)),
    effective: binding.container.image,
    source: 'image reference',
    message: `container ${binding.container.name}: ${binding.invalidImage}; no image can be pulled by it (a template placeholder left in?)`,
    fix: 'Write the image reference the workload deploys (render the template first: helm template, kustomize build, envsubst).',
  };
}
