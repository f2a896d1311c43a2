/** One env var name a known program reads. */
export interface EnvNameEntry {
  name: string;
  /** The project that reads it (`openai-python`, `vllm`), or where a user declared it. */
  source: string;
  /** The name to use instead, when this one is deprecated. */
  deprecatedBy?: string;
  /** The value is a credential. */
  secret?: boolean;
  /** A short remark shown with a deprecation. */
  note?: string;
}

const SUPPORTED_VERSION = 1;

/**
 * Reads `core/data/env-names.json` (`{ version, names: [...] }`). The file ships with the package, so a
 * bad shape is a bug here, reported with the entry at fault.
 */
export function parseEnvNameList(data: unknown): EnvNameEntry[] {
  const file = data as { version?: unknown; names?: unknown };
  if (file?.version !== SUPPORTED_VERSION || !Array.isArray(file.names)) {
    throw new Error(`env-names.json: expected { version: ${SUPPORTED_VERSION}, names: [...] }`);
  }
  return file.names.map((raw: unknown, index: number) => {
    const entry = raw as Record<string, unknown>;
    const optionalString = (key: string) => entry[key] === undefined || typeof entry[key] === 'string';
    if (
      typeof entry?.name !== 'string' ||
      entry.name.length === 0 ||
      typeof entry.source !== 'string' ||
      !optionalString('deprecatedBy') ||
      !optionalString('note') ||
      (entry.secret !== undefined && typeof entry.secret !== 'boolean')
    ) {
      throw new Error(
        `env-names.json: names[${index}] is not { name, source, deprecatedBy?, secret?, note? }`,
      );
    }
    return entry as unknown as EnvNameEntry;
  });
}
