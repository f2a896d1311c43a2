import { InputError } from '../errors';
import { containerFacts } from '../facts/container-facts';
import { type ImageRef, normalizeRepository, parseImageRef } from '../images';
import type { Config } from '../model/config';
import type { ModelCard } from '../model/model-card';
import { imagePath, locateIn, type Workload } from '../model/workload';
import { imageConfigFacts } from '../registry/image-config-facts';
import type { ImageLookups } from '../registry/image-lookup';
import type { Binding } from '../rules/rule';

/** A workload annotation that binds its app containers to a card by model id, whatever their images. */
export const MODEL_CARD_ANNOTATION = 'preflight-guard.dev/model-card';

/**
 * Pairs every container with its card: the one named by the workload's model-card annotation (app
 * containers), else the one whose `image.repository` its image has; and reads what its runtime says,
 * the image's config from the registry included when `images` has it.
 * An invalid image reference is bad input: an InputError at the image's position.
 */
export function bindContainers(
  workloads: readonly Workload[],
  cards: readonly ModelCard[],
  config: Config,
  images?: ImageLookups,
): Binding[] {
  const cardsByRepository = new Map(cards.map((card) => [normalizeRepository(card.image.repository), card]));
  const bindings: Binding[] = [];
  for (const workload of workloads) {
    const named = workload.annotations[MODEL_CARD_ANNOTATION];
    const annotated = named === undefined ? undefined : cards.find((card) => cardMatches(card, named));
    for (const container of workload.containers) {
      const image = container.image === undefined ? undefined : imageOf(workload, container);
      const card =
        (container.kind === 'app' ? annotated : undefined) ??
        (image && cardsByRepository.get(`${image.registry}/${image.repository}`));
      const facts = containerFacts(workload, container, image, config.image_conventions);
      const lookup = container.image === undefined ? undefined : images?.get(container.image);
      if (lookup?.status === 'resolved') {
        const location = locateIn(workload, imagePath(workload, container));
        facts.push(...imageConfigFacts(lookup.config).map((fact) => ({ ...fact, location })));
      }
      bindings.push({ workload, container, card, runtime: { facts }, ...(lookup ? { image: lookup } : {}) });
    }
  }
  return bindings;
}

/** A card answers to its model id, or to its file's name or path. */
export function cardMatches(card: ModelCard, name: string): boolean {
  return card.model?.id === name || card.file === name || card.file.endsWith(`/${name}`);
}

function imageOf(workload: Workload, container: Workload['containers'][number]): ImageRef {
  try {
    return parseImageRef(container.image!);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const location = locateIn(workload, imagePath(workload, container));
    throw new InputError(error.message, location, `container ${container.name} image`);
  }
}
