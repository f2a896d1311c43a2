import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../core/errors';
import { loadModelCard, modelCardFromDocument } from '../../core/loaders/model-card';
import type { ModelCard } from '../../core/model/model-card';
import { MODEL_CARD_TYPE } from '../model-card';

const loaded = new Map<string, ModelCard>();

/**
 * Cards listed in the policy config, loaded once per process (Analyze runs per resource). Relative
 * paths are resolved against the pack's directory, which is the pack process's working directory.
 */
export function cardsFromConfig(paths: readonly string[]): ModelCard[] {
  return paths.map((path) => {
    const file = isAbsolute(path) ? path : resolve(process.cwd(), path);
    let card = loaded.get(file);
    if (!card) {
      card = loadModelCard(file);
      loaded.set(file, card);
    }
    return card;
  });
}

interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
}

/** Cards declared in the program with the `ModelCard` component, validated again on this side. */
export function cardsFromStack(resources: readonly StackResource[]): ModelCard[] {
  return resources
    .filter((resource) => resource.type === MODEL_CARD_TYPE)
    .map((resource) => {
      const file = typeof resource.props.file === 'string' ? resource.props.file : resource.urn;
      return modelCardFromDocument({
        file,
        value: resource.props.modelCard,
        line: 1,
        column: 1,
        locate: () => undefined,
      });
    });
}

/**
 * The cards a resource policy's config lists; an invalid one is reported as a violation (file:line:col,
 * never its content) and gives `undefined`, so the policy stops rather than throwing into the engine.
 */
export function configCards(
  modelCards: readonly string[],
  report: (message: string) => void,
): ModelCard[] | undefined {
  return stackCards(modelCards, [], report);
}

/**
 * Every card a stack policy sees: listed in its config and declared in the stack. An invalid card is
 * reported as a violation and gives `undefined`, so the policy stops rather than passing without it.
 */
export function stackCards(
  modelCards: readonly string[],
  resources: readonly StackResource[],
  report: (message: string) => void,
): ModelCard[] | undefined {
  try {
    return [...cardsFromConfig(modelCards), ...cardsFromStack(resources)];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    report(`invalid model card: ${error.describe()}`);
    return undefined;
  }
}
