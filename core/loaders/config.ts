import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import schema from '../../schemas/preflight.schema.json';
import { parseDeclaredDriver } from '../cuda/declared-driver';
import type { PodPlace, WorkloadKind } from '../data/workload-kinds';
import { InputError } from '../errors';
import { normalizeRepository } from '../images';
import { linearRegex, RegexSyntaxError } from '../linear-regex';
import {
  type Config,
  DEFAULT_CONFIG,
  DEFAULT_REGISTRY_SETTINGS,
  type ImageConvention,
  type Override,
  type RegistrySettings,
} from '../model/config';
import type { DocPath } from '../model/location';
import { isCalendarDate } from './calendar-date';
import { parseDocuments, type SourceDocument } from './documents';
import { durationProblem, parseDuration } from './duration';
import { type PromptsYaml, promptsConfig } from './prompts-config';
import { schemaValidator } from './schema-errors';
import { readSourceFile } from './source-file';

export { parseDuration };

const validateConfig = schemaValidator(schema);

type ConfigYaml = Partial<
  Omit<
    Config,
    'secret_timeout' | 'gpu_driver' | 'image_conventions' | 'overrides' | 'prompts' | 'registry' | 'workloads'
  >
> & {
  workloads?: { kinds?: UserKindYaml[] };
  registry?: Partial<Omit<RegistrySettings, 'tag_ttl' | 'timeout'>> & {
    tag_ttl?: number | string;
    timeout?: number | string;
  };
  secret_timeout?: number | string;
  gpu_driver?: string | number;
  prompts?: PromptsYaml;
  image_conventions?: { repository: string; tag: string }[];
  overrides?: Omit<Override, 'location'>[];
};

type PodPlaceYaml = string | { path: string; role?: string; roleFrom?: string; optional?: boolean };

interface UserKindYaml {
  apiVersion: string;
  kind: string;
  podTemplates?: PodPlaceYaml[];
  podSpecs?: PodPlaceYaml[];
}

/**
 * The config a command or plugin runs with: the file it was given, else `./preflight.yaml` when it
 * exists, else the defaults. `file` is absolute.
 */
export function discoverConfig(given: string | undefined): { file?: string; config: Config } {
  const file = given ?? (existsSync('preflight.yaml') ? 'preflight.yaml' : undefined);
  if (!file) return { config: DEFAULT_CONFIG };
  const absolute = resolve(file);
  return { file: absolute, config: loadConfig(absolute) };
}

/** Loads and validates `preflight.yaml`; defaults fill only what the file leaves out. */
export function loadConfig(file: string): Config {
  const docs = parseDocuments(readSourceFile(file), file);
  if (docs.length > 1)
    throw new InputError('expected one YAML document, found several', { file, line: docs[1]!.line });
  const doc = docs[0];
  if (!doc) return { ...DEFAULT_CONFIG, file };
  validateConfig(doc, 'config');
  const yaml = doc.value as ConfigYaml;
  const base = dirname(file);
  return {
    file,
    ignore_versions: yaml.ignore_versions ?? DEFAULT_CONFIG.ignore_versions,
    secret_timeout: duration(yaml.secret_timeout ?? DEFAULT_CONFIG.secret_timeout, doc, ['secret_timeout']),
    cuda_probe: { mode: yaml.cuda_probe?.mode ?? DEFAULT_CONFIG.cuda_probe.mode },
    ...(yaml.gpu_driver === undefined ? {} : { gpu_driver: gpuDriver(yaml.gpu_driver, doc) }),
    model_cards: (yaml.model_cards ?? []).map((card) => resolve(base, card)),
    env: { known: yaml.env?.known ?? [] },
    secrets: { external: yaml.secrets?.external ?? [] },
    overrides: (yaml.overrides ?? []).map((override, index) => {
      if (override.expires !== undefined && !isCalendarDate(override.expires)) {
        throw new InputError(
          `"${override.expires}" is not a calendar date`,
          doc.locate(['overrides', index, 'expires']),
          `overrides[${index}].expires`,
        );
      }
      return { ...override, location: doc.locate(['overrides', index]) };
    }),
    image_conventions: (yaml.image_conventions ?? []).map((convention, index) =>
      imageConvention(convention, doc, ['image_conventions', index]),
    ),
    unknown_values: yaml.unknown_values ?? DEFAULT_CONFIG.unknown_values,
    prompts: promptsConfig(yaml.prompts, base, doc),
    registry: registrySettings(yaml.registry, base, doc),
    workloads: { kinds: (yaml.workloads?.kinds ?? []).map((kind, index) => userKind(kind, doc, index)) },
  };
}

/**
 * A kind declared in `workloads.kinds` as a row of the workload kind table (the schema has checked
 * the shapes). It remembers where it was declared: a path that matches nothing in an object is an input
 * error that points at the object and names this line.
 */
function userKind(yaml: UserKindYaml, doc: SourceDocument, index: number): WorkloadKind {
  const at = doc.locate(['workloads', 'kinds', index]);
  const declaredIn = `${at?.file ?? doc.file}:${at?.line ?? doc.line}:${at?.column ?? doc.column}`;
  const places = [
    ...(yaml.podTemplates ?? []).map((place) => ({ place, as: 'template' as const })),
    ...(yaml.podSpecs ?? []).map((place) => ({ place, as: 'podSpec' as const })),
  ];
  const pods = places.map(({ place, as }): PodPlace => {
    const { path, ...rest } = typeof place === 'string' ? { path: place } : place;
    // Several places: each needs a name in findings; the last field names it unless a role is given.
    const role =
      rest.role ??
      (places.length > 1 && !rest.roleFrom
        ? path
            .split('.')
            .pop()!
            .replace(/\[\]|\{\}/, '')
        : undefined);
    return {
      ...(as === 'template' ? { template: path } : { podSpec: path }),
      ...(role === undefined ? {} : { role }),
      ...(rest.roleFrom === undefined ? {} : { roleFrom: rest.roleFrom }),
      ...(rest.optional ? { optional: true } : {}),
    } as PodPlace;
  });
  const slash = yaml.apiVersion.indexOf('/');
  return {
    group: slash === -1 ? '' : yaml.apiVersion.slice(0, slash),
    kind: yaml.kind,
    pods,
    source: `preflight.yaml workloads.kinds[${index}]`,
    declaredIn,
  };
}

/** `registry:` with defaults; paths resolve against the config file's folder. */
function registrySettings(yaml: ConfigYaml['registry'], base: string, doc: SourceDocument): RegistrySettings {
  const settings: RegistrySettings = {
    ...DEFAULT_REGISTRY_SETTINGS,
    ...yaml,
    tag_ttl: duration(yaml?.tag_ttl ?? DEFAULT_REGISTRY_SETTINGS.tag_ttl, doc, ['registry', 'tag_ttl']),
    timeout: duration(yaml?.timeout ?? DEFAULT_REGISTRY_SETTINGS.timeout, doc, ['registry', 'timeout']),
    insecure: yaml?.insecure ?? [],
  };
  if (yaml?.cache_dir !== undefined) settings.cache_dir = resolve(base, yaml.cache_dir);
  if (yaml?.docker_config !== undefined) settings.docker_config = resolve(base, yaml.docker_config);
  return settings;
}

/** A duration setting in seconds; beyond the longest a timer can wait it is an error at its position. */
function duration(value: number | string, doc: SourceDocument, path: DocPath): number {
  const seconds = parseDuration(value);
  const problem = durationProblem(seconds);
  if (problem) {
    throw new InputError(
      `${JSON.stringify(value)} ${problem}`,
      doc.locate(path) ?? { file: doc.file, line: doc.line, column: doc.column },
      path.join('.'),
    );
  }
  return seconds;
}

/** `gpu_driver` as text, once it reads as a driver version or branch. */
function gpuDriver(value: string | number, doc: SourceDocument): string {
  const text = String(value).trim();
  if (!parseDeclaredDriver(text, 'config gpu_driver')) {
    throw new InputError(
      `expected an NVIDIA driver version such as "535.104.05" or a branch such as "535", got "${text}"`,
      doc.locate(['gpu_driver']) ?? { file: doc.file, line: doc.line, column: doc.column },
      'gpu_driver',
    );
  }
  return text;
}

function imageConvention(
  convention: { repository: string; tag: string },
  doc: SourceDocument,
  path: DocPath,
): ImageConvention {
  const field = `image_conventions[${path[1]}]`;
  try {
    normalizeRepository(convention.repository);
  } catch (error) {
    throw new InputError(
      (error as Error).message,
      doc.locate([...path, 'repository']),
      `${field}.repository`,
    );
  }
  try {
    linearRegex(convention.tag);
    return { repository: convention.repository, tag: { source: convention.tag } };
  } catch (error) {
    if (!(error instanceof RegexSyntaxError)) throw error;
    throw new InputError(
      `not a regular expression this tool runs (RE2 syntax, linear time: no backreferences or lookaround): ${error.message}`,
      doc.locate([...path, 'tag']),
      `${field}.tag`,
    );
  }
}
