import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors';
import { jsonErrorMessage } from '../loaders/documents';
import { INPUT_LIMITS, readSourceFile, whyUnreadable } from '../loaders/source-file';
import { isRecord } from './fields';

/** What a cloud assembly's manifest says about one stack template. */
export interface StackRecord {
  /** Construct paths by logical id, as the manifest writes them (`/Stack/Task/Resource`). */
  constructPaths: Map<string, string>;
  /** `Validations.of(scope).acknowledge(...)`: rule ids and reasons by construct path. */
  acknowledgements: Map<string, Record<string, string>>;
  /** The file the metadata came from: the manifest, or the stack's `*.metadata.json`. */
  file: string;
}

const STACK = 'aws:cloudformation:stack';
const LOGICAL_ID = 'aws:cdk:logicalId';
const ACKNOWLEDGED = 'aws:cdk:acknowledged-rules';

/**
 * Reads, for each template of a `cdk synth` output, what the assembly's `manifest.json` records about
 * its stack (inline `metadata`, or the `additionalMetadataFile` newer CDKs write). Templates outside an
 * assembly, or whose stack the manifest does not name (nested stacks), are left out.
 */
export function stackRecords(templateFiles: readonly string[]): Map<string, StackRecord> {
  const records = new Map<string, StackRecord>();
  const manifests = new Map<string, Record<string, unknown> | undefined>();
  for (const template of templateFiles) {
    if (!template.endsWith('.template.json')) continue;
    const dir = dirname(template);
    if (!manifests.has(dir)) manifests.set(dir, readJson(join(dir, 'manifest.json')));
    const artifacts = manifests.get(dir)?.artifacts;
    if (!isRecord(artifacts)) continue;
    for (const artifact of Object.values(artifacts)) {
      if (!isRecord(artifact) || artifact.type !== STACK || !isRecord(artifact.properties)) continue;
      if (artifact.properties.templateFile !== basename(template)) continue;
      const extra =
        typeof artifact.additionalMetadataFile === 'string'
          ? join(dir, artifact.additionalMetadataFile)
          : undefined;
      const metadata = extra ? readJson(extra) : artifact.metadata;
      records.set(template, stackRecord(metadata, extra ?? join(dir, 'manifest.json')));
    }
  }
  return records;
}

function stackRecord(metadata: unknown, file: string): StackRecord {
  const record: StackRecord = { constructPaths: new Map(), acknowledgements: new Map(), file };
  if (!isRecord(metadata)) return record;
  for (const [path, entries] of Object.entries(metadata)) {
    for (const entry of Array.isArray(entries) ? entries : []) {
      if (!isRecord(entry)) continue;
      if (entry.type === LOGICAL_ID && typeof entry.data === 'string')
        record.constructPaths.set(entry.data, path);
      if (entry.type === ACKNOWLEDGED && isRecord(entry.data)) {
        const reasons = Object.fromEntries(
          Object.entries(entry.data).filter((pair): pair is [string, string] => typeof pair[1] === 'string'),
        );
        record.acknowledgements.set(path, { ...record.acknowledgements.get(path), ...reasons });
      }
    }
  }
  return record;
}

function readJson(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(readSourceFile(file, INPUT_LIMITS.cloudAssembly));
  } catch (error) {
    // Never V8's message for a syntax error: it quotes the file, which may hold a secret.
    const why = error instanceof SyntaxError ? jsonErrorMessage(error) : whyUnreadable(error);
    throw new InputError(`cannot read the cloud assembly: ${why}`, { file });
  }
  return isRecord(value) ? value : undefined;
}
