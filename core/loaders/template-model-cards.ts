import { InputError } from '../errors';
import type { Locate } from '../model/location';
import type { ModelCard } from '../model/model-card';
import { MODEL_CARDS_METADATA } from '../model/template-metadata';
import { fieldName, isRecord } from '../workloads/fields';
import type { SourceDocument } from './documents';
import { modelCardFromDocument } from './model-card';

/** A model card a CDK app recorded in a template, with the construct that recorded it. */
export interface TemplateModelCard {
  card: ModelCard;
  /** The `ModelCard` construct's path: where a finding about the card itself belongs. */
  constructPath: string;
  /** The card file as the app named it. */
  source: string;
}

/**
 * The cards a template records under MODEL_CARDS_METADATA, each validated again against the card
 * schema (a template is an input like any other: it may have been edited after synth). A card's
 * `file` is the template and its positions point inside the template's Metadata.
 */
export function modelCardsFromTemplate(
  doc: SourceDocument,
  /** Cards already validated, by their JSON: every stack of an app records the same card again. */
  validated: Map<string, ModelCard> = new Map(),
): TemplateModelCard[] {
  const template = doc.value;
  if (!isRecord(template) || !isRecord(template.Metadata)) return [];
  const recorded = template.Metadata[MODEL_CARDS_METADATA];
  if (recorded === undefined) return [];
  const base = ['Metadata', MODEL_CARDS_METADATA];
  const locateInDocument = doc.locate;
  if (!Array.isArray(recorded)) throw entryError(doc, base, 'expected a list of recorded model cards');
  return recorded.map((entry: unknown, index) => {
    const path = [...base, index];
    if (!isRecord(entry) || typeof entry.constructPath !== 'string' || !isRecord(entry.card)) {
      throw entryError(doc, path, 'expected { constructPath, source, card }');
    }
    const locate: Locate = (cardPath, part) => locateInDocument([...path, 'card', ...cardPath], part);
    const json = JSON.stringify(entry.card);
    const seen = validated.get(json);
    const card = seen
      ? { ...seen, file: doc.file, locate }
      : modelCardFromDocument({
          file: doc.file,
          value: entry.card,
          line: doc.line,
          column: doc.column,
          locate,
        });
    validated.set(json, card);
    return {
      card,
      constructPath: entry.constructPath,
      source: typeof entry.source === 'string' ? entry.source : doc.file,
    };
  });
}

/**
 * Cards without repeats: the same card recorded by several stacks, or also named on the command line,
 * is one declaration (two copies would leave one of them bound to nothing). The first copy is kept.
 */
export function distinctCards<T extends { card: ModelCard } | ModelCard>(cards: readonly T[]): T[] {
  const seen = new Set<string>();
  return cards.filter((entry) => {
    const key = declarationKey('card' in entry ? entry.card : entry);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function declarationKey(card: ModelCard): string {
  const { file: _file, locate: _locate, ...declared } = card;
  return JSON.stringify(declared, (_key, value: unknown) =>
    isRecord(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value,
  );
}

function entryError(doc: SourceDocument, path: (string | number)[], message: string): InputError {
  return new InputError(
    message,
    doc.locate(path) ?? { file: doc.file, line: doc.line, column: doc.column },
    fieldName(path),
  );
}
