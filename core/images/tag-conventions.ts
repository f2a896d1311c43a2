import { linearRegex } from '../linear-regex';
import type { ImageConvention } from '../model/config';
import type { Fact } from '../model/facts';
import { BUILTIN_CONVENTIONS } from './builtin-conventions';
import { dlcRepositoryReadings } from './image-cuda-tables';
import { type ImageRef, normalizeRepository } from './image-ref';
import type { TagReading } from './tag-reading';
import { tagTokenReadings } from './tag-tokens';

/** Named groups of a user's tag regex that name a model card field other than `runtime.<name>`. */
const GROUP_KEYS: Readonly<Record<string, string>> = {
  cuda: 'runtime.cuda',
  pytorch: 'runtime.pytorch',
  torch: 'runtime.pytorch',
  tokenizer_sha: 'tokenizer_sha',
  model_revision: 'model.revision',
  tokenizer_revision: 'tokenizer.revision',
};

/**
 * What an image reference says about the runtime: its tag and digest, then what the tag encodes.
 * A user convention that matches the tag replaces the built-in one for that repository; the generic
 * tag tokens (`cu121`, `cuda12.1`, ...) then fill in keys nothing else gave. Each key is reported once.
 */
export function factsFromImage(ref: ImageRef, conventions: readonly ImageConvention[]): Fact[] {
  const facts: Fact[] = [];
  if (ref.tag !== undefined) {
    facts.push({ key: 'image.tag', value: ref.tag, origin: 'image-tag', detail: `tag ${ref.tag}` });
  } else if (ref.digest === undefined) {
    // Docker pulls `latest` when nothing is written; a card pinning a tag must see that.
    facts.push({
      key: 'image.tag',
      value: 'latest',
      origin: 'image-tag',
      detail: 'implicit tag latest',
      implied: true,
    });
  }
  if (ref.digest !== undefined) {
    facts.push({
      key: 'image.digest',
      value: ref.digest,
      origin: 'image-tag',
      detail: `digest ${ref.digest}`,
    });
  }
  const tag = ref.tag;
  const repository = `${ref.registry}/${ref.repository}`;
  // A Hugging Face DLC on Google Cloud says its CUDA in its repository name, and is pulled untagged.
  const named = dlcRepositoryReadings(repository).map((reading) => ({
    ...reading,
    detail: `repository ${ref.repository} (${reading.note})`,
  }));
  const tagged =
    tag === undefined
      ? []
      : [
          ...(userReadings(repository, tag, conventions) ?? builtinReadings(repository, tag)),
          ...tagTokenReadings(tag),
        ].map((reading) => ({
          ...reading,
          detail: reading.note ? `tag ${tag} (${reading.note})` : `tag ${tag}`,
        }));
  const seen = new Set(facts.map((fact) => fact.key));
  for (const reading of [...named, ...tagged]) {
    if (seen.has(reading.key)) continue;
    seen.add(reading.key);
    facts.push({ key: reading.key, value: reading.value, origin: 'image-tag', detail: reading.detail });
  }
  return facts;
}

/** Readings of every user convention for this repository whose regex matches; null when none does. */
function userReadings(
  repository: string,
  tag: string,
  conventions: readonly ImageConvention[],
): TagReading[] | null {
  let matched = false;
  const readings: TagReading[] = [];
  for (const convention of conventions) {
    if (normalizeRepository(convention.repository) !== repository) continue;
    // RE2: linear in the tag's length, whatever the user's pattern (no `(a+)+` blow-up).
    const match = linearRegex(convention.tag.source, convention.tag.flags).exec(tag);
    if (!match) continue;
    matched = true;
    for (const [group, value] of Object.entries(match.groups ?? {})) {
      // Own keys only: a group named `constructor` is `runtime.constructor`, not Object's.
      const key = Object.hasOwn(GROUP_KEYS, group) ? GROUP_KEYS[group] : undefined;
      if (value) readings.push({ key: key ?? `runtime.${group}`, value });
    }
  }
  return matched ? readings : null;
}

function builtinReadings(repository: string, tag: string): TagReading[] {
  const convention = BUILTIN_CONVENTIONS.find((candidate) => candidate.repositories.includes(repository));
  return convention ? convention.read(tag) : [];
}
