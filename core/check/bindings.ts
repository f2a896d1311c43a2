import { append } from '../append';
import { InputError } from '../errors';
import { containerFacts, servedModel } from '../facts/container-facts';
import { factsFromImage, formatImageRef, type ImageRef, normalizeRepository, parseImageRef } from '../images';
import type { Config } from '../model/config';
import type { Fact, RuntimeFacts } from '../model/facts';
import type { ModelCard } from '../model/model-card';
import { type Container, imagePath, locateIn, type Workload } from '../model/workload';
import { imageConfigFacts } from '../registry/image-config-facts';
import type { ImageLookups } from '../registry/image-lookup';
import type { Binding } from '../rules/rule';

/** A workload annotation that binds its app containers to a card by model id, whatever their images. */
export const MODEL_CARD_ANNOTATION = 'preflight-guard.dev/model-card';

/**
 * Pairs every container with its card and reads what its runtime says, the image's config from the
 * registry included when `images` has it. A container's card is, in this order:
 * 1. the one the workload's model-card annotation names (app containers);
 * 2. the one whose `image.repository` its image has;
 * 3. the one whose `model.id` is the model it serves (`--model`, `MODEL_ID`, ...): its repository is
 *    then compared as a declared field, so a changed repository is a mismatch, not an unbound card.
 * Where several cards answer, the one that agrees on both repository and served model wins; when
 * still more than one does, the binding names them (`ambiguous`) and binds none.
 * An invalid image reference (a template placeholder) binds no card by repository and is marked
 * (`invalidImage`) for image-unresolved; the container may still bind by the model it serves.
 */
export function bindContainers(
  workloads: readonly Workload[],
  cards: readonly ModelCard[],
  config: Config,
  images?: ImageLookups,
): Binding[] {
  const cardsByRepository = new Map<string, ModelCard[]>();
  for (const card of cards) {
    const repository = normalizeRepository(card.image.repository);
    const same = cardsByRepository.get(repository);
    if (same) same.push(card);
    else cardsByRepository.set(repository, [card]);
  }
  const servedCards = cards.some((card) => card.model?.id !== undefined);
  // A large app runs the same few images in many containers: each reference is read once.
  const readImages = new Map<
    string,
    { ref?: ImageRef; repository?: string; facts: Fact[]; invalid?: string }
  >();
  const readImage = (container: Container) => {
    let read = readImages.get(container.image!);
    if (!read) {
      const ref = imageOf(container);
      read =
        'invalid' in ref
          ? { facts: [], ...ref }
          : { ref, repository: `${ref.registry}/${ref.repository}`, facts: imageFacts(ref, config) };
      readImages.set(container.image!, read);
    }
    return read;
  };
  const bindings: Binding[] = [];
  for (const workload of workloads) {
    const named = workload.annotations[MODEL_CARD_ANNOTATION];
    const annotated = named === undefined ? [] : cards.filter((card) => cardMatches(card, named));
    for (const container of workload.containers) {
      const read = container.image === undefined ? undefined : readImage(container);
      const byRepository = (read?.repository && cardsByRepository.get(read.repository)) || [];
      // The served model is read only where it decides: binding by it, or choosing among cards.
      let served: string | null | undefined = null;
      const model = () => {
        if (served === null) served = servedCards ? servedModel(workload, container) : undefined;
        return served;
      };
      const candidates =
        container.kind === 'app' && annotated.length > 0
          ? annotated
          : byRepository.length > 0
            ? byRepository
            : model() === undefined
              ? []
              : cards.filter((card) => sameModel(card, model()!));
      const chosen = chooseCard(candidates, read?.repository, model);
      const lookup = container.image === undefined ? undefined : images?.get(container.image);
      const runtime = new LazyFacts(() => {
        let facts = containerFacts(workload, container, read?.facts ?? []);
        // What the object's own fields say (KServe storageUri, Ray runtime_env) concerns its app containers;
        // a value it states is what the operator hands the engine, so it settles a field the container's
        // own arguments leave unknown.
        if (workload.specFacts && container.kind === 'app') {
          const stated = new Set(workload.specFacts.filter((fact) => !fact.unknown).map((fact) => fact.key));
          facts = [...facts.filter((fact) => !(fact.unknown && stated.has(fact.key))), ...workload.specFacts];
        }
        if (lookup?.status === 'resolved') {
          const location = locateIn(workload, imagePath(workload, container));
          append(
            facts,
            imageConfigFacts(lookup.config).map((fact) => ({ ...fact, location })),
          );
        }
        return facts;
      });
      bindings.push({
        workload,
        container,
        card: chosen.length === 1 ? chosen[0] : undefined,
        runtime,
        ...(chosen.length > 1 ? { ambiguous: chosen } : {}),
        ...(lookup ? { image: lookup } : {}),
        ...(read?.invalid ? { invalidImage: read.invalid } : {}),
      });
    }
  }
  return bindings;
}

/**
 * Of the cards that answer for a container, those that agree with it on most: its repository, then
 * the model it serves. One card is a binding, several an ambiguity, none no card.
 */
function chooseCard(
  candidates: readonly ModelCard[],
  repository: string | undefined,
  model: () => string | undefined,
): readonly ModelCard[] {
  if (candidates.length <= 1) return candidates;
  let chosen = candidates;
  const sameImage = chosen.filter((card) => normalizeRepository(card.image.repository) === repository);
  if (sameImage.length > 0) chosen = sameImage;
  if (chosen.length > 1 && model() !== undefined) {
    const sameServed = chosen.filter((card) => sameModel(card, model()!));
    if (sameServed.length > 0) chosen = sameServed;
  }
  return chosen;
}

/** Hub ids resolve case-insensitively. */
export function sameModel(card: ModelCard, model: string): boolean {
  return card.model?.id !== undefined && card.model.id.toLowerCase() === model.toLowerCase();
}

/** What an image reference says, its repository included (a card's `image.repository` is compared with it). */
function imageFacts(ref: ImageRef, config: Config): Fact[] {
  const repository = formatImageRef({ ...ref, tag: undefined, digest: undefined }, { familiar: true });
  return [
    { key: 'image.repository', value: repository, origin: 'image-tag', detail: 'image reference' },
    ...factsFromImage(ref, config.image_conventions),
  ];
}

/**
 * Facts read on first use: most containers of a large app (sidecars, services no card describes)
 * are never asked, and reading a container's facts is most of what binding costs. A class, so that
 * every binding's runtime shares one hidden class.
 */
class LazyFacts implements RuntimeFacts {
  #read: (() => Fact[]) | undefined;
  #facts: Fact[] = [];

  constructor(read: () => Fact[]) {
    this.#read = read;
  }

  get facts(): Fact[] {
    if (this.#read) {
      this.#facts = this.#read();
      this.#read = undefined;
    }
    return this.#facts;
  }
}

/** A card answers to its model id, or to its file's name or path. */
export function cardMatches(card: ModelCard, name: string): boolean {
  return card.model?.id === name || card.file === name || card.file.endsWith(`/${name}`);
}

/** An invalid reference (a template placeholder such as `$IMAGE_URL`) is a finding of its own, not the end of the run. */
function imageOf(container: Container): ImageRef | { invalid: string } {
  try {
    return parseImageRef(container.image!);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { invalid: error.message };
  }
}
