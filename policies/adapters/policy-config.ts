import { resolve } from 'node:path';
import type { PolicyConfigSchema } from '@pulumi/policy';
import { closestName } from '../../core/format/closest-name';
import {
  type Config,
  DEFAULT_CONFIG,
  DEFAULT_REGISTRY_SETTINGS,
  type RegistrySettings,
  type VersionLevel,
} from '../../core/model/config';

/** One config property's JSON schema, reached through `@pulumi/policy`'s public types (its `schema` module is not). */
type PolicyConfigJSONSchema = PolicyConfigSchema['properties'][string];

/** The policy config properties the pack's policies share; the engine fills schema defaults. */
export interface PackPolicyConfig {
  modelCards?: string[];
  ignoreVersions?: VersionLevel[];
  knownEnvNames?: string[];
  externalSecrets?: string[];
  /** The NVIDIA driver of the GPU nodes: a version (`535.104.05`) or a branch (`535`). */
  gpuDriver?: string;
  /** Registry lookups, as `registry:` in preflight.yaml with camelCase names; durations in seconds. */
  registry?: PackRegistryConfig;
}

export interface PackRegistryConfig {
  enabled?: boolean;
  offline?: boolean;
  cacheDir?: string;
  tagTtl?: number;
  timeout?: number;
  concurrency?: number;
  retries?: number;
  platform?: string;
  insecure?: string[];
  dockerConfig?: string;
  unresolved?: 'warning' | 'error';
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
  registry: {
    type: 'object',
    additionalProperties: false,
    description:
      'registry lookups (tag to digest to image config); off unless enabled. Paths are relative to the policy pack folder, durations in seconds',
    properties: {
      enabled: { type: 'boolean', default: false },
      offline: { type: 'boolean', description: 'use only the cache' },
      cacheDir: {
        type: 'string',
        minLength: 1,
        description: 'default $XDG_CACHE_HOME/preflight-guard/registry',
      },
      tagTtl: { type: 'integer', minimum: 0, description: 'seconds a tag digest is trusted (default 300)' },
      timeout: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'seconds one HTTP exchange may take (default 10)',
      },
      concurrency: { type: 'integer', minimum: 1, maximum: 64 },
      retries: { type: 'integer', minimum: 0, maximum: 10 },
      platform: {
        type: 'string',
        pattern: '^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$',
        description: 'default linux/amd64',
      },
      insecure: {
        type: 'array',
        items: { type: 'string' },
        description: 'registries reached over plain HTTP',
      },
      dockerConfig: {
        type: 'string',
        minLength: 1,
        description: 'default $DOCKER_CONFIG/config.json or ~/.docker/config.json',
      },
      unresolved: {
        enum: ['warning', 'error'],
        description: 'what an unresolved image reports as (default warning)',
      },
    },
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
    registry: registrySettings(config.registry ?? {}),
  };
}

/** Relative paths resolve against the pack folder, the pack process's working directory. */
function registrySettings(registry: PackRegistryConfig): RegistrySettings {
  const defaults = DEFAULT_REGISTRY_SETTINGS;
  return {
    enabled: registry.enabled ?? defaults.enabled,
    offline: registry.offline ?? defaults.offline,
    ...(registry.cacheDir === undefined ? {} : { cache_dir: resolve(registry.cacheDir) }),
    tag_ttl: registry.tagTtl ?? defaults.tag_ttl,
    timeout: registry.timeout ?? defaults.timeout,
    concurrency: registry.concurrency ?? defaults.concurrency,
    retries: registry.retries ?? defaults.retries,
    platform: registry.platform ?? defaults.platform,
    insecure: registry.insecure ?? defaults.insecure,
    ...(registry.dockerConfig === undefined ? {} : { docker_config: resolve(registry.dockerConfig) }),
    unresolved: registry.unresolved ?? defaults.unresolved,
  };
}

/** The type of the root stack resource, which every preview analyzes first. */
const STACK_TYPE = 'pulumi:pulumi:Stack';

/**
 * The policy's config, its keys held to the policy's schema: a misspelled key (`modelCard` for
 * `modelCards`) would otherwise be dropped and the policy run as if unconfigured. The engine checks
 * values against the schema (nested objects' keys too) but not a policy's own keys: the Analyzer
 * protocol carries only `properties` and `required`, so a top-level `additionalProperties: false`
 * never reaches it. Unknown keys are reported as one
 * violation (resource policies report it on the root stack, once) and the policy does not run.
 */
export function checkedConfig<T extends object>(
  policy: string,
  args: { getConfig<C extends object>(): C; type?: string },
  properties: Record<string, PolicyConfigJSONSchema>,
  report: (message: string) => void,
): T | undefined {
  const config = args.getConfig<T>();
  const problems = unknownKeys(config as Record<string, unknown>, properties);
  if (problems.length === 0) return config;
  if (args.type === undefined || args.type === STACK_TYPE)
    report(`invalid policy config for ${policy}: ${problems.join('; ')}`);
  return undefined;
}

function unknownKeys(
  config: Record<string, unknown>,
  properties: Record<string, PolicyConfigJSONSchema>,
): string[] {
  const known = Object.keys(properties);
  const problems: string[] = [];
  for (const key of Object.keys(config)) {
    if (Object.hasOwn(properties, key)) continue;
    const meant = closestName(key, known);
    problems.push(
      `unknown field "${key}"${meant ? `: did you mean "${meant}"?` : ''} (expected one of: ${known.join(', ') || 'none'})`,
    );
  }
  return problems;
}
