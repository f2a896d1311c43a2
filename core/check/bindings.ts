import { InputError } from '../errors';
import { containerFacts } from '../facts/container-facts';
import { factsFromImage, type ImageRef, normalizeRepository, parseImageRef } from '../images';
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
 * Pairs every container with its card: the one named by the workload's model-card annotation (app
 * containers), else the one whose `image.repository` its image has; and reads what its runtime says,
 * the image's config from the registry included when `images` has it.
 * An invalid image reference binds no card by repository and is marked (`invalidImage`) for image-unresolved.
 */
export function bindContainers(
  workloads: readonly Workload[],
  cards: readonly ModelCard[],
  config: Config,
  images?: ImageLookups,
): Binding[] {
  const cardsByRepository = new Map(cards.map((card) => [normalizeRepository(card.image.repository), card]));
  // A large app runs the same few images in many containers: each reference is read once.
  const readImages = new Map<string, { ref?: ImageRef; facts: Fact[]; invalid?: string }>();
  const readImage = (container: Container) => {
    let read = readImages.get(container.image!);
    if (!read) {
      const ref = imageOf(container);
      read =
        'invalid' in ref
          ? { facts: [], ...ref }
          : { ref, facts: factsFromImage(ref, config.image_conventions) };
      readImages.set(container.image!, read);
    }
    return read;
  };
  const bindings: Binding[] = [];
  for (const workload of workloads) {
    const named = workload.annotations[MODEL_CARD_ANNOTATION];
    const annotated = named === undefined ? undefined : cards.find((card) => cardMatches(card, named));
    for (const container of workload.containers) {
      const read = container.image === undefined ? undefined : readImage(container);
      const image = read?.ref;
      const card =
        (container.kind === 'app' ? annotated : undefined) ??
        (image && cardsByRepository.get(`${image.registry}/${image.repository}`));
      const lookup = container.image === undefined ? undefined : images?.get(container.image);
      const runtime = new LazyFacts(() => {
        const facts = containerFacts(workload, container, read?.facts ?? []);
        // What the object's own fields say (KServe storageUri, Ray runtime_env) concerns its app containers.
        if (workload.specFacts && container.kind === 'app') {
          // A value the object states (KServe storageUri, LLMInferenceService model.uri) is what the
          // operator hands the engine: it settles a field the container's own arguments leave unknown.
          const stated = new Set(workload.specFacts.filter((fact) => !fact.unknown).map((fact) => fact.key));
          const own = facts.filter((fact) => !(fact.unknown && stated.has(fact.key)));
          facts.length = 0;
          facts.push(...own, ...workload.specFacts);
        }
        if (lookup?.status === 'resolved') {
          const location = locateIn(workload, imagePath(workload, container));
          facts.push(...imageConfigFacts(lookup.config).map((fact) => ({ ...fact, location })));
        }
        return facts;
      });
      bindings.push({
        workload,
        container,
        card,
        runtime,
        ...(lookup ? { image: lookup } : {}),
        ...(read?.invalid ? { invalidImage: read.invalid } : {}),
      });
    }
  }
  return bindings;
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
