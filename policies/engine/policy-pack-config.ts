import Ajv from 'ajv';
import { InputError } from '../../core/errors';
import { parseJsonDocument } from '../../core/loaders/documents';
import { readSourceFile } from '../../core/loaders/source-file';

export type EnforcementLevel = 'advisory' | 'mandatory' | 'remediate' | 'disabled';
const LEVELS: readonly EnforcementLevel[] = ['advisory', 'mandatory', 'remediate', 'disabled'];

/** What GetAnalyzerInfo says of one policy. */
export interface PolicySummary {
  name: string;
  enforcementLevel: EnforcementLevel;
  schema?: { properties: Record<string, unknown>; required: string[] };
}

export interface PolicyConfigEntry {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/**
 * Reads a `--policy-pack-config` file as the engine does: a JSON object (an empty file is allowed),
 * keys are policy names or `all`, values a level or an object; an ESC `environments` list is dropped.
 */
export function readPolicyPackConfig(file: string): Record<string, unknown> {
  const text = readSourceFile(file);
  if (!text.trim()) return {};
  const doc = parseJsonDocument(text, file);
  if (doc.value === null || typeof doc.value !== 'object' || Array.isArray(doc.value)) {
    throw new InputError('expected a JSON object of policy names to levels or settings', {
      file,
      line: doc.line,
    });
  }
  const { environments: _environments, ...config } = doc.value as Record<string, unknown>;
  return config;
}

/**
 * The Configure request the engine builds (pkg/resource/analyzer/config.go): every policy gets its own
 * level and its schema's defaults; the pack's initial config, then the file's `all`, then the file's
 * per-policy entries are laid over them; then each policy's properties are validated against its schema.
 */
export function engineConfig(
  packName: string,
  packVersion: string,
  policies: readonly PolicySummary[],
  initialConfig: Record<string, Partial<PolicyConfigEntry>>,
  fileConfig: Record<string, unknown>,
  file?: string,
): Map<string, PolicyConfigEntry> {
  const config = new Map<string, PolicyConfigEntry>();
  for (const policy of policies) {
    config.set(policy.name, {
      enforcementLevel: policy.enforcementLevel,
      properties: schemaDefaults(policy),
    });
  }
  const overlay = (name: string, value: Partial<PolicyConfigEntry>) => {
    const entry = config.get(name)!;
    if (value.enforcementLevel) entry.enforcementLevel = value.enforcementLevel;
    Object.assign(entry.properties, value.properties ?? {});
  };
  for (const [name, value] of Object.entries(initialConfig)) if (config.has(name)) overlay(name, value);
  const where = file ? { file } : undefined;
  if ('all' in fileConfig) {
    const level = levelOf(fileConfig.all, 'all', where);
    for (const name of config.keys()) overlay(name, { enforcementLevel: level });
  }
  for (const [name, value] of Object.entries(fileConfig)) {
    if (name === 'all') continue;
    if (!config.has(name)) {
      throw new InputError(
        `unknown policy "${name}" in ${packName} (known: ${[...config.keys()].join(', ')})`,
        where,
      );
    }
    if (typeof value === 'string') {
      overlay(name, { enforcementLevel: levelOf(value, name, where) });
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      overlay(name, {
        enforcementLevel: enforcementLevel === undefined ? undefined : levelOf(enforcementLevel, name, where),
        properties,
      });
    } else {
      throw new InputError(`${name}: expected an enforcement level or an object`, where);
    }
  }
  for (const policy of policies)
    validateProperties(packName, packVersion, policy, config.get(policy.name)!, where);
  return config;
}

function schemaDefaults(policy: PolicySummary): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(policy.schema?.properties ?? {})) {
    const value = (schema as { default?: unknown }).default;
    if (value !== undefined) defaults[key] = structuredClone(value);
  }
  return defaults;
}

function levelOf(value: unknown, name: string, where: InputError['location']): EnforcementLevel {
  if (typeof value === 'string' && (LEVELS as readonly string[]).includes(value))
    return value as EnforcementLevel;
  throw new InputError(
    `${name}: unknown enforcement level ${JSON.stringify(value)} (expected one of: ${LEVELS.join(', ')})`,
    where,
  );
}

const ajv = new Ajv({ allErrors: false, strict: false });

function validateProperties(
  packName: string,
  packVersion: string,
  policy: PolicySummary,
  entry: PolicyConfigEntry,
  where: InputError['location'],
): void {
  if (!policy.schema) return;
  const validate = ajv.compile({
    type: 'object',
    properties: policy.schema.properties,
    required: policy.schema.required,
  });
  if (validate(entry.properties)) return;
  const error = validate.errors![0]!;
  const path = error.instancePath ? `${error.instancePath.slice(1).replace(/\//g, '.')}: ` : '';
  throw new InputError(
    `validating policy config: ${packName} ${packVersion}  ${policy.name}: ${path}${error.message}`,
    where,
  );
}
