import { dirname } from 'node:path';
import schema from '../../schemas/prompt-vars.schema.json';
import { append } from '../append';
import { InputError } from '../errors';
import type { DocPath } from '../model/location';
import type { PromptVar, PromptVars } from '../model/prompt';
import { globProblem } from '../prompts/glob';
import { parseDocuments, type SourceDocument } from './documents';
import { schemaValidator } from './schema-errors';
import { readSourceFile } from './source-file';

const validatePromptVars = schemaValidator(schema);

type VariablesYaml = Record<string, { description?: string; default?: unknown; required?: boolean } | null>;

interface PromptVarsYaml {
  variables?: VariablesYaml;
  templates?: { files: string; variables: VariablesYaml }[];
}

/** No prompt_vars.yaml: nothing is declared, so every variable needs a default in its template. */
export function noPromptVars(base: string): PromptVars {
  return { base, variables: [] };
}

/**
 * Loads and validates `prompt_vars.yaml`. Only whether a variable has a default is kept, never the
 * default itself, so no output can print it. A variable both `required` and with a default is an
 * error: the two say opposite things about whether callers must pass it.
 */
export function loadPromptVars(file: string): PromptVars {
  const docs = parseDocuments(readSourceFile(file), file);
  if (docs.length > 1) {
    throw new InputError('expected one YAML document, found several', { file, line: docs[1]!.line });
  }
  const doc = docs[0];
  const vars: PromptVars = { file, base: dirname(file), variables: [] };
  if (!doc) return vars;
  validatePromptVars(doc, 'prompt variables');
  const yaml = doc.value as PromptVarsYaml;
  append(vars.variables, declared(yaml.variables ?? {}, doc, ['variables']));
  for (const [index, entry] of (yaml.templates ?? []).entries()) {
    const problem = globProblem(entry.files);
    if (problem) {
      const path = ['templates', index, 'files'];
      throw new InputError(problem, doc.locate(path) ?? { file: doc.file }, `templates[${index}].files`);
    }
    append(vars.variables, declared(entry.variables, doc, ['templates', index, 'variables'], entry.files));
  }
  return vars;
}

function declared(variables: VariablesYaml, doc: SourceDocument, path: DocPath, files?: string): PromptVar[] {
  return Object.entries(variables).map(([name, spec]) => {
    const hasDefault = spec !== null && 'default' in spec;
    if (hasDefault && spec.required === true) {
      throw new InputError(
        'a variable with a default cannot be required (callers may leave it out, so the default applies)',
        doc.locate([...path, name, 'required'], 'key') ?? { file: doc.file },
        fieldName([...path, name]),
      );
    }
    return {
      name,
      description: spec?.description,
      hasDefault,
      required: hasDefault ? false : (spec?.required ?? true),
      files,
      location: doc.locate([...path, name], 'key'),
    };
  });
}

function fieldName(path: DocPath): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index ? `.${part}` : part))
    .join('');
}
