import type { WorkloadKind } from '../data/workload-kinds';
import type { RuleId } from './finding';
import type { Location } from './location';
import type { PromptsConfig } from './prompt';

export type VersionLevel = 'major' | 'minor' | 'patch';
export type CudaProbeMode = 'strict' | 'fallback' | 'warn' | 'off';

export interface Override {
  rule: RuleId;
  /** Limits the override to targets containing this text (a workload, container or file); absent means all. */
  target?: string;
  reason: string;
  /** ISO date (YYYY-MM-DD); from the day after, the override no longer applies. */
  expires?: string;
  location?: Location;
}

/** A user's tag convention: a repository and a regex whose named groups become runtime facts. */
export interface ImageConvention {
  repository: string;
  /** Run on RE2 (core/linear-regex), never on V8's backtracking engine; a RegExp literal fits. */
  tag: { readonly source: string; readonly flags?: string };
}

/** `registry:` in preflight.yaml, with defaults applied. */
export interface RegistrySettings {
  /** Off unless asked: a check makes no network calls by default. */
  enabled: boolean;
  /** Use only the cache; what it lacks is reported unresolved. */
  offline: boolean;
  /** Absent: `$XDG_CACHE_HOME/preflight-guard/registry`. */
  cache_dir?: string;
  /** Seconds a tag → digest answer is trusted before it is looked up again. */
  tag_ttl: number;
  /** Seconds one HTTP exchange may take. */
  timeout: number;
  /** Images looked up at once. */
  concurrency: number;
  /** Extra tries after a 5xx or a dropped connection. */
  retries: number;
  /** Picked from multi-platform images. */
  platform: string;
  /** Registries (`host:port`) reached over plain HTTP; loopback always is. */
  insecure: string[];
  /** Absent: `$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`. */
  docker_config?: string;
  /** What an image that cannot be resolved reports as. */
  unresolved: 'warning' | 'error';
}

export const DEFAULT_REGISTRY_SETTINGS: RegistrySettings = {
  enabled: false,
  offline: false,
  tag_ttl: 300,
  timeout: 10,
  concurrency: 8,
  retries: 2,
  platform: 'linux/amd64',
  insecure: [],
  unresolved: 'warning',
};

/** `preflight.yaml`, validated and with defaults applied. */
export interface Config {
  /** The file it came from; absent when no config file is used. */
  file?: string;
  ignore_versions: VersionLevel[];
  /** Seconds. */
  secret_timeout: number;
  cuda_probe: { mode: CudaProbeMode };
  /**
   * The NVIDIA driver of the GPU nodes as declared: a version (`535.104.05`) or a branch (`535`).
   * Absent by default; a workload that selects nodes by GPU Feature Discovery driver labels wins.
   */
  gpu_driver?: string;
  /** Model card paths, resolved against the config file's folder. */
  model_cards: string[];
  env: { known: string[] };
  secrets: { external: string[] };
  overrides: Override[];
  image_conventions: ImageConvention[];
  /** What a value that cannot be known statically (a computed image) reports as. */
  unknown_values: 'error' | 'warning';
  /** How `preflight lint-prompts` finds and reads prompt files. */
  prompts: PromptsConfig;
  /** Image lookups in the registry: tag → digest → config. */
  registry: RegistrySettings;
  /** Workload kinds the user declared, read beside the built-in table (core/data/workload-kinds.ts). */
  workloads: { kinds: WorkloadKind[] };
}

export const DEFAULT_CONFIG: Config = {
  ignore_versions: [],
  secret_timeout: 90,
  cuda_probe: { mode: 'fallback' },
  model_cards: [],
  env: { known: [] },
  secrets: { external: [] },
  overrides: [],
  image_conventions: [],
  unknown_values: 'error',
  prompts: { dialects: [] },
  registry: DEFAULT_REGISTRY_SETTINGS,
  workloads: { kinds: [] },
};
