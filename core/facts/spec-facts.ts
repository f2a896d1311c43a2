import { parse as parseYaml } from 'yaml';
import type { SpecFactField } from '../data/workload-kinds';
import { InputError } from '../errors';
import type { SourceDocument } from '../loaders/documents';
import { type Fact, LazilyLocatedFact } from '../model/facts';
import { fieldName } from '../workloads/fields';
import { ENV_FACTS } from './container-facts';

type Path = (string | number)[];

/** Python packages whose `==` pins state a card's runtime field under another name. */
const PIP_RUNTIME_NAMES: ReadonlyMap<string, string> = new Map([['torch', 'pytorch']]);

/**
 * What the object's own fields say about its runtime, per field of the table's `facts` (see
 * SpecFactField), each fact placed at the field it was read from. Values that may be secret are never
 * read into a fact: of `env_vars`, only the names that state a card field (`MODEL_ID`) are.
 */
export function specFacts(
  doc: SourceDocument,
  object: Record<string, unknown>,
  objectPath: Path,
  fields: readonly SpecFactField[],
): { role?: string; facts: Fact[] }[] {
  return fields.map((field) => {
    const path = field.path.split('.');
    let value: unknown = object;
    for (const key of path) value = isRecord(value) && Object.hasOwn(value, key) ? value[key] : undefined;
    const at = [...objectPath, ...path];
    const facts = typeof value === 'string' && value.trim() ? read(doc, field, value, at) : [];
    return { ...(field.role === undefined ? {} : { role: field.role }), facts };
  });
}

function read(doc: SourceDocument, field: SpecFactField, value: string, path: Path): Fact[] {
  const fact = (key: string, text: string, detail: string) =>
    new LazilyLocatedFact({ key, value: text, origin: 'spec', detail }, () => doc.locate(path));
  switch (field.read) {
    case 'hf-uri': {
      const model = hfModel(value.trim());
      if (!model) return [];
      return [
        fact('model.id', model.id, field.path),
        ...(model.revision ? [fact('model.revision', model.revision, field.path)] : []),
      ];
    }
    case 'model-id': {
      const id = value.trim();
      return id.startsWith('/') || id.includes('://') ? [] : [fact('model.id', id, field.path)];
    }
    case 'ray-serve-config': {
      const config = yamlAt(doc, value, path);
      const applications = isRecord(config) && Array.isArray(config.applications) ? config.applications : [];
      return applications.flatMap((application, index) =>
        isRecord(application)
          ? runtimeEnvFacts(application.runtime_env, `${field.path} applications[${index}].runtime_env`, fact)
          : [],
      );
    }
    case 'ray-runtime-env':
      return runtimeEnvFacts(yamlAt(doc, value, path), `${field.path} runtime_env`, fact);
  }
}

/** `hf://org/model:revision` (KServe's Hugging Face storage URI) → the model id and revision. */
export function hfModel(uri: string): { id: string; revision?: string } | undefined {
  const match = /^hf:\/\/([^/:\s]+\/[^/:\s]+)(?::([^/\s]+))?\/?$/.exec(uri);
  if (!match) return undefined;
  return match[2] ? { id: match[1]!, revision: match[2] } : { id: match[1]! };
}

/** A Ray `runtime_env`: `pip` pins (a list, or `{packages: [...]}`) and the `env_vars` that state a card field. */
function runtimeEnvFacts(
  runtimeEnv: unknown,
  detail: string,
  fact: (key: string, value: string, detail: string) => Fact,
): Fact[] {
  if (!isRecord(runtimeEnv)) return [];
  const facts: Fact[] = [];
  const pip = isRecord(runtimeEnv.pip) ? runtimeEnv.pip.packages : runtimeEnv.pip;
  for (const requirement of Array.isArray(pip) ? pip : []) {
    if (typeof requirement !== 'string') continue;
    const pin = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*==\s*([^\s;,]+)/.exec(requirement);
    if (!pin) continue;
    const name = pin[1]!.toLowerCase().replace(/[._]/g, '-');
    facts.push(
      fact(`runtime.${PIP_RUNTIME_NAMES.get(name) ?? name}`, pin[2]!, `${detail}.pip ${name}==${pin[2]}`),
    );
  }
  const envVars = isRecord(runtimeEnv.env_vars) ? runtimeEnv.env_vars : {};
  for (const [name, value] of Object.entries(envVars)) {
    const key = ENV_FACTS.get(name);
    if (!key || (typeof value !== 'string' && typeof value !== 'number')) continue;
    const text = String(value).trim();
    if (!text || (key.endsWith('.id') && /^[/.~]/.test(text))) continue;
    facts.push(fact(key, text, `${detail}.env_vars ${name}`));
  }
  return facts;
}

/** A YAML string field; broken YAML is an input error at the field, quoting nothing of it. */
function yamlAt(doc: SourceDocument, text: string, path: Path): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    const where = line ? ` (line ${line} of the string)` : '';
    const at = doc.locate(path) ?? { file: doc.file, line: doc.line, column: doc.column };
    throw new InputError(`not valid YAML${where}`, at, fieldName(path));
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
