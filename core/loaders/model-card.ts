import schema from '../../schemas/model-card.schema.json';
import { InputError } from '../errors';
import { normalizeRepository } from '../images';
import type { ModelCard } from '../model/model-card';
import { parseVersion } from '../versions';
import { parseJsonDocument, type SourceDocument } from './documents';
import { schemaValidator } from './schema-errors';
import { readSourceFile } from './source-file';

const validateCard = schemaValidator(schema);

interface CardJson {
  model?: ModelCard['model'];
  tokenizer_sha?: string;
  tokenizer?: ModelCard['tokenizer'];
  runtime?: Record<string, string>;
  image: ModelCard['image'];
  env?: { required?: string[] };
}

/** Loads and validates a `model-card.json`. Every problem is an InputError with the file and position. */
export function loadModelCard(file: string): ModelCard {
  const doc = parseJsonDocument(readSourceFile(file), file);
  return modelCardFromDocument(doc);
}

/** Validates an already parsed card document (a card embedded in a CDK template, say). */
export function modelCardFromDocument(doc: SourceDocument): ModelCard {
  validateCard(doc, 'model card');
  const json = doc.value as CardJson;
  const at = (path: (string | number)[]) => doc.locate(path) ?? { file: doc.file };
  for (const [name, version] of Object.entries(json.runtime ?? {})) {
    rethrowAt(() => parseVersion(version), at(['runtime', name]), `runtime.${name}`);
  }
  rethrowAt(
    () => normalizeRepository(json.image.repository),
    at(['image', 'repository']),
    'image.repository',
  );
  return {
    file: doc.file,
    model: json.model,
    tokenizer_sha: json.tokenizer_sha?.toLowerCase(),
    tokenizer: json.tokenizer,
    runtime: json.runtime ?? {},
    image: json.image,
    env: { required: json.env?.required ?? [] },
    locate: doc.locate,
  };
}

function rethrowAt(validate: () => unknown, location: InputError['location'], field: string): void {
  try {
    validate();
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message, location, field);
    throw error;
  }
}
