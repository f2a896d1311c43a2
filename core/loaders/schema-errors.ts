import { join } from 'node:path';
import type AjvClass from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { InputError } from '../errors';
import { closestName } from '../format/closest-name';
import type { SourceDocument } from './documents';

// `verbose` gives each error its schema, whose `description` says what was expected in words.
export const AJV_OPTIONS: Options = { allErrors: false, strict: false, verbose: true };

/**
 * The validators `npm run build` generated from schemas/ with ajv's standalone code (compile-validators.ts),
 * by schema `$id`: a command that reads a config or card does not compile schemas at start-up. Absent
 * when running from the sources (tests through tsx): then ajv compiles them on first use.
 */
export const PRECOMPILED_VALIDATORS = join(__dirname, 'schema-validators.js');

let ajv: AjvClass | undefined;

/** Loaded on the first validation: a command that reads no config or card never pays for ajv. */
function validator(): AjvClass {
  if (!ajv) {
    const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
    ajv = new Ajv(AJV_OPTIONS);
  }
  return ajv;
}

function precompiled(schema: object): ValidateFunction | undefined {
  const id = (schema as { $id?: string }).$id;
  if (!id) return undefined;
  try {
    return (require(PRECOMPILED_VALIDATORS) as Record<string, ValidateFunction>)[id];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Compiles a JSON Schema once (or takes its build-time copy); validating returns nothing or throws the first error as an InputError. */
export function schemaValidator(schema: object): (doc: SourceDocument, what: string) => void {
  let validate: ValidateFunction | undefined;
  return (doc, what) => {
    validate ??= precompiled(schema) ?? validator().compile(schema);
    if (validate(doc.value)) return;
    const error = pickError(validate.errors ?? []);
    if (!error) throw new InputError(`invalid ${what}`, { file: doc.file });
    const path = pathOf(error);
    const part = error.keyword === 'additionalProperties' || error.propertyName ? 'key' : 'value';
    throw new InputError(
      describe(error),
      doc.locate(path, part) ?? { file: doc.file, line: doc.line, column: doc.column },
      path.length ? fieldName(path) : undefined,
    );
  };
}

/** `oneOf` reports its branches' errors first; the user wants the branch-independent summary. */
function pickError(errors: ErrorObject[]): ErrorObject | undefined {
  return errors.find((error) => error.keyword === 'oneOf') ?? errors[0];
}

function pathOf(error: ErrorObject): (string | number)[] {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  // A `propertyNames` failure is about a key: point at that key.
  if (error.propertyName !== undefined) path.push(error.propertyName);
  return path;
}

function fieldName(path: (string | number)[]): string {
  return path.reduce<string>(
    (name, part) => (typeof part === 'number' ? `${name}[${part}]` : name ? `${name}.${part}` : part),
    '',
  );
}

function describe(error: ErrorObject): string {
  const schema = error.parentSchema as { description?: string; properties?: object } | undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const known = Object.keys(schema?.properties ?? {}).filter((key) => key !== '$schema');
      const field = String(error.params.additionalProperty);
      const meant = closestName(field, known);
      return `unknown field "${field}"${meant ? `: did you mean "${meant}"?` : ''}${known.length ? ` (expected one of: ${known.join(', ')})` : ''}`;
    }
    case 'required':
      return `missing required field "${error.params.missingProperty}"`;
    case 'enum':
      return `expected one of: ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
    case 'type':
      return `expected ${error.params.type}`;
    case 'pattern':
    case 'oneOf':
      if (error.propertyName !== undefined) {
        return `invalid name "${error.propertyName}": expected ${schema?.description ?? 'a name matching the schema'}`;
      }
      return `expected ${schema?.description ?? `a value matching ${error.params.pattern ?? 'the schema'}`}`;
    case 'uniqueItems':
      return `duplicate entries (items ${error.params.j} and ${error.params.i})`;
    case 'minLength':
      return 'must not be empty';
    default:
      return error.message ?? 'invalid value';
  }
}
