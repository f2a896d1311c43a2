import type { PolicyConfigJSONSchema } from '@pulumi/policy/schema';
import { type Config, DEFAULT_CONFIG, type VersionLevel } from '../../core/model/config';

/** The policy config properties the pack's policies share; the engine fills schema defaults. */
export interface PackPolicyConfig {
  modelCards?: string[];
  ignoreVersions?: VersionLevel[];
  knownEnvNames?: string[];
  externalSecrets?: string[];
  /** The NVIDIA driver of the GPU nodes: a version (`535.104.05`) or a branch (`535`). */
  gpuDriver?: string;
}

/** JSON Schema fragments for `configSchema.properties`, with the defaults the engine applies. */
export const CONFIG_PROPERTIES: Record<keyof PackPolicyConfig, PolicyConfigJSONSchema> = {
  modelCards: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'model-card.json paths (absolute, or relative to the policy pack folder)',
  },
  ignoreVersions: {
    type: 'array',
    items: { enum: ['major', 'minor', 'patch'] },
    default: [],
    description: 'version drift levels that are tolerated',
  },
  knownEnvNames: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'env names your apps read that are not in the built-in list',
  },
  externalSecrets: {
    type: 'array',
    items: { type: 'string' },
    default: [],
    description: 'secret names (or ARNs) that exist outside the stack',
  },
  gpuDriver: {
    type: 'string',
    pattern: '^[0-9]{2,4}(\\.[0-9]{1,3}(\\.[0-9]{1,3})?)?$',
    description:
      'the NVIDIA driver of the GPU nodes: a version such as "535.104.05" or a branch such as "535"; workloads that select nodes by GPU Feature Discovery driver labels win',
  },
};

/** The core Config a policy runs its rule with. Overrides are Pulumi's job here: enforcement levels. */
export function coreConfig(config: PackPolicyConfig): Config {
  return {
    ...DEFAULT_CONFIG,
    ignore_versions: config.ignoreVersions ?? [],
    env: { known: config.knownEnvNames ?? [] },
    secrets: { external: config.externalSecrets ?? [] },
    ...(config.gpuDriver === undefined ? {} : { gpu_driver: config.gpuDriver }),
  };
}
