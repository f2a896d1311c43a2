import { append } from '../append';
import { cardMatches, MODEL_CARD_ANNOTATION, sameModel } from '../check/bindings';
import { shortHash } from '../format/short-hash';
import { sameRepository } from '../images';
import type { Config } from '../model/config';
import type { Fact } from '../model/facts';
import type { Finding, Passed, RuleOutcome } from '../model/finding';
import { cardName, type ModelCard } from '../model/model-card';
import { secretValueLabel } from '../model/secret-value';
import { imagePath, locateIn, type Workload, workloadTarget } from '../model/workload';
import { driftLevel, tryParseVersion, versionsMatch } from '../versions';
import type { Binding, CheckContext, Rule } from './rule';

/**
 * Every declared field of the bound model card against every effective fact that speaks to it
 * (image reference and tag, env, engine args): each field gets a line, passed, mismatched, or "cannot
 * verify" when nothing in the inputs states it. Also flags cards that bind to nothing, containers that
 * several cards answer for, and images that cannot be read.
 */
export const modelCardSkew: Rule = {
  id: 'model-card-skew',
  description: 'The effective runtime (image tag, env, engine args) disagrees with the model card.',
  defaultSeverity: 'error',
  check(context: CheckContext): RuleOutcome {
    const outcome: RuleOutcome = { findings: [], passed: [] };
    for (const binding of context.bindings) {
      const unreadable = binding.container.image === undefined && binding.container.kind === 'app';
      if (unreadable && context.cards.length > 0)
        outcome.findings.push(unreadableImage(binding, context.config));
      if (binding.card) compareBinding(binding, binding.card, context.config, outcome);
      if (binding.ambiguous) outcome.findings.push(ambiguousCards(binding, binding.ambiguous));
    }
    for (const workload of context.workloads) {
      const named = workload.annotations[MODEL_CARD_ANNOTATION];
      if (named !== undefined && !context.cards.some((card) => cardMatches(card, named))) {
        outcome.findings.push(unknownCardAnnotation(workload, named, context.cards));
      }
    }
    for (const card of context.cards) {
      if (context.bindings.some((binding) => binding.card === card || binding.ambiguous?.includes(card)))
        continue;
      outcome.findings.push(unboundCard(card, context.bindings));
    }
    return outcome;
  },
};

/** Each card's declared fields, read once: every container bound to a card is compared with them. */
const declaredByCard = new WeakMap<ModelCard, [key: string, value: string][]>();

/** Declared fields a card may carry, as fact keys, with how to read them off the card. */
function declaredFields(card: ModelCard): [key: string, value: string][] {
  let declared = declaredByCard.get(card);
  if (!declared) {
    declared = readDeclaredFields(card);
    declaredByCard.set(card, declared);
  }
  return declared;
}

function readDeclaredFields(card: ModelCard): [key: string, value: string][] {
  const fields: [string, string | undefined][] = [
    ['model.id', card.model?.id],
    ['model.revision', card.model?.revision],
    ['tokenizer.id', card.tokenizer?.id],
    ['tokenizer.revision', card.tokenizer?.revision],
    ['tokenizer_sha', card.tokenizer_sha],
    ...Object.entries(card.runtime).map(([name, version]): [string, string] => [`runtime.${name}`, version]),
    ['image.repository', card.image.repository],
    ['image.tag', card.image.tag],
    ['image.digest', card.image.digest],
  ];
  return fields.filter((field): field is [string, string] => field[1] !== undefined);
}

function compareBinding(binding: Binding, card: ModelCard, config: Config, outcome: RuleOutcome): void {
  const target = containerTarget(binding);
  const factsByKey = new Map<string, Fact[]>();
  for (const fact of binding.runtime.facts) {
    const same = factsByKey.get(fact.key);
    if (same) same.push(fact);
    else factsByKey.set(fact.key, [fact]);
  }
  for (const [key, declared] of declaredFields(card)) {
    const facts = factsByKey.get(key) ?? [];
    if (key === 'image.digest' && facts.length === 0) {
      // Resolved in the registry, the pin is verified by image-digest-moved instead.
      if (binding.image?.status !== 'resolved')
        outcome.findings.push(digestNotPinned(binding, card, declared, config));
      continue;
    }
    if (facts.length === 0) outcome.findings.push(cannotVerify(binding, card, key, declared, config));
    for (const fact of facts) {
      const verdict = fact.unknown ? 'unknown' : agree(key, declared, fact.value, config);
      if (verdict === 'agree') {
        outcome.passed.push({
          rule: 'model-card-skew',
          target,
          subject: key,
          value: fact.secret ? secretValueLabel(fact.value) : fact.value,
          source: fact.detail,
        });
      } else {
        outcome.findings.push(skew(binding, card, key, declared, fact, verdict, config));
      }
    }
  }
  append(outcome.passed, requiredEnv(binding, card, outcome.findings));
}

type Verdict = 'agree' | 'differ' | 'floating' | 'not-a-version' | 'unknown';

function agree(key: string, declared: string, effective: string, config: Config): Verdict {
  if (key.startsWith('runtime.')) {
    const want = tryParseVersion(declared);
    const have = tryParseVersion(effective);
    if (!have || !want) return 'not-a-version';
    return versionsMatch(want, have, config.ignore_versions) ? 'agree' : 'differ';
  }
  if (key.endsWith('.revision')) {
    if (!/^[0-9a-f]{7,40}$/i.test(effective)) return 'floating';
    return declared.toLowerCase().startsWith(effective.toLowerCase()) ? 'agree' : 'differ';
  }
  if (key === 'image.repository') return sameRepository(declared, effective) ? 'agree' : 'differ';
  if (key === 'tokenizer_sha') {
    const [a, b] = [declared.toLowerCase(), effective.toLowerCase()];
    return /^[0-9a-f]{7,64}$/.test(b) && (a.startsWith(b) || b.startsWith(a)) ? 'agree' : 'differ';
  }
  // Hub ids resolve case-insensitively; tags and digests are exact.
  if (key.endsWith('.id')) return declared.toLowerCase() === effective.toLowerCase() ? 'agree' : 'differ';
  return declared === effective ? 'agree' : 'differ';
}

function skew(
  binding: Binding,
  card: ModelCard,
  key: string,
  declared: string,
  fact: Fact,
  verdict: Exclude<Verdict, 'agree'>,
  config: Config,
): Finding {
  const where = `${containerTarget(binding)}`;
  // A tainted value is compared like any other, and shown as its label only.
  const shown = fact.secret ? secretValueLabel(fact.value) : fact.value;
  const quoted = fact.secret ? shown : `"${fact.value}"`;
  const base = {
    rule: 'model-card-skew' as const,
    target: where,
    location: fact.location,
    declared,
    effective: shown,
    source: fact.detail,
  };
  if (verdict === 'unknown') {
    return {
      ...base,
      severity: config.unknown_values,
      message: `${key}: cannot verify the card's ${shortHash(declared)}: ${fact.detail} is "${fact.value}", and ${fact.unknown}`,
      fix: `Give ${fact.detail} a literal value, or set unknown_values: warning in preflight.yaml to accept this.`,
    };
  }
  if (verdict === 'floating') {
    return {
      ...base,
      severity: config.unknown_values,
      message: `${key}: the card pins ${shortHash(declared)} but ${fact.detail} says ${quoted}, a name that can move; it cannot be verified`,
      fix: `Pin the full commit ${declared} in ${fact.detail}.`,
    };
  }
  if (verdict === 'not-a-version') {
    return {
      ...base,
      severity: config.unknown_values,
      message: `${key}: ${fact.detail} says ${quoted}, which is not a version; cannot compare it with the card's ${declared}`,
      fix: `Set ${fact.detail} to a version, or fix the card.`,
    };
  }
  const level = key.startsWith('runtime.') ? versionDrift(declared, fact.value) : '';
  return {
    ...base,
    severity: 'error',
    message: `${key} MISMATCH${level}: model card ${cardName(card)} declares ${shortHash(declared)}, ${fact.detail} says ${fact.secret ? shown : shortHash(fact.value)}`,
    fix: `${fixFor(fact)}, or update the model card; to deploy anyway, add an override for model-card-skew with a reason.`,
  };
}

function versionDrift(declared: string, effective: string): string {
  const [a, b] = [tryParseVersion(declared), tryParseVersion(effective)];
  return a && b ? ` (${driftLevel(a, b)} drift)` : '';
}

function fixFor(fact: Fact): string {
  switch (fact.origin) {
    case 'image-tag':
      return 'Deploy the image built for this card';
    case 'image-config':
      return `Deploy an image built for this card (${fact.detail} is baked into the image)`;
    case 'env':
    case 'spec':
      return `Fix ${fact.detail}`;
    case 'args':
      return fact.implied
        ? `Pass ${fact.key.replace('.id', '').replace('.', ' ')} explicitly to the engine`
        : `Fix ${fact.detail}`;
    default:
      return 'Fix the image';
  }
}

function requiredEnv(binding: Binding, card: ModelCard, findings: Finding[]): Passed[] {
  const target = containerTarget(binding);
  const names = new Set(binding.container.env.map((env) => env.name));
  const passed: Passed[] = [];
  for (const name of card.env.required) {
    if (names.has(name)) {
      passed.push({ rule: 'model-card-skew', target, subject: `env ${name}`, value: 'set' });
      continue;
    }
    const fromEnvFrom = binding.container.envFromSources > 0;
    findings.push({
      rule: 'model-card-skew',
      severity: fromEnvFrom ? 'note' : 'error',
      target,
      location: locateIn(binding.workload, binding.container.path),
      declared: name,
      message: fromEnvFrom
        ? `env ${name} is required by ${cardName(card)}; it may come from envFrom, which cannot be read here`
        : `env ${name} is required by model card ${cardName(card)} but the container does not set it`,
      fix: `Set ${name} on container ${binding.container.name}.`,
    });
  }
  return passed;
}

function digestNotPinned(binding: Binding, card: ModelCard, declared: string, config: Config): Finding {
  return {
    rule: 'model-card-skew',
    severity: config.unknown_values,
    target: containerTarget(binding),
    location: locateIn(binding.workload, imagePath(binding.workload, binding.container)),
    declared,
    effective: binding.container.image,
    source: 'image reference',
    message: `image.digest: model card ${cardName(card)} pins ${shortHash(declared)} but the image is referenced by tag, which can move; it cannot be verified offline`,
    fix: `Reference the image as ${card.image.repository}@${declared}.`,
  };
}

function unreadableImage(binding: Binding, config: Config): Finding {
  const why = binding.container.imageUnknown ?? 'unknown';
  // Pods that come from another object (a KServe ServingRuntime, a KAITO preset) say where from.
  const elsewhere = why.startsWith('comes from ');
  return {
    rule: 'model-card-skew',
    severity: config.unknown_values,
    target: containerTarget(binding),
    location: locateIn(binding.workload, binding.container.path),
    source: binding.container.imageUnknown,
    message: elsewhere
      ? `cannot verify: the image of container ${binding.container.name} ${why}; it cannot be matched to a model card`
      : `the image of container ${binding.container.name} is computed at deploy time (${why}); it cannot be matched to a model card`,
    fix: elsewhere
      ? 'Add the object the pods come from to the inputs, or set unknown_values: warning in preflight.yaml to accept this.'
      : 'Use a literal image reference, or set unknown_values: warning in preflight.yaml to accept this.',
  };
}

function unknownCardAnnotation(workload: Workload, named: string, cards: readonly ModelCard[]): Finding {
  const known = cards.map(cardName);
  return {
    rule: 'model-card-skew',
    severity: 'error',
    target: workloadTarget(workload),
    location: locateIn(workload, ['metadata', 'annotations', MODEL_CARD_ANNOTATION]),
    declared: named,
    message: `annotation ${MODEL_CARD_ANNOTATION}: "${named}" names no model card${known.length ? ` (known: ${known.join(', ')})` : ' (none were given)'}`,
    fix: 'Name a card by its model.id or file, or pass the card with --model-card.',
  };
}

/**
 * A card that binds nothing while a container serves its model is an error: that container runs the
 * model under another card (or none), so what this card declares was never checked where it is served.
 * Served under another card of the same model (its repository matched), it is the warning it always was.
 */
function unboundCard(card: ModelCard, bindings: readonly Binding[]): Finding {
  const base = {
    rule: 'model-card-skew' as const,
    target: card.file,
    location: card.locate?.(['image', 'repository']) ?? { file: card.file },
    declared: card.image.repository,
  };
  const serving = servingBindings(card, bindings);
  const elsewhere = serving.find((binding) => !(binding.card && sameModel(binding.card, card.model!.id!)));
  if (elsewhere) {
    const other = elsewhere.card ? `model card ${fileName(elsewhere.card)}` : 'no model card';
    return {
      ...base,
      severity: 'error',
      message: `model card ${fileName(card)} binds to no container, yet ${containerTarget(elsewhere)} serves its model ${card.model!.id} (bound to ${other}); nothing was checked against this card`,
      fix: `Fix image.repository in the card that is wrong, or annotate the workload with ${MODEL_CARD_ANNOTATION}: ${fileName(card)}.`,
    };
  }
  const [sibling] = serving;
  return {
    ...base,
    severity: 'warning',
    message: sibling
      ? `model card ${fileName(card)} binds to no container: no image has repository ${card.image.repository}; ${containerTarget(sibling)} serves ${card.model!.id} under model card ${fileName(sibling.card!)}, whose repository it has`
      : `model card ${cardName(card)} binds to no container: no image has repository ${card.image.repository}${card.model?.id ? ` and no container serves ${card.model.id}` : ''}, so nothing was checked against it`,
    fix: 'Fix image.repository in the card, or pass the manifests that deploy this model.',
  };
}

/** Containers whose own definition says they serve the card's model. */
function servingBindings(card: ModelCard, bindings: readonly Binding[]): Binding[] {
  if (card.model?.id === undefined) return [];
  return bindings.filter((binding) =>
    binding.runtime.facts.some(
      (fact) => fact.key === 'model.id' && !fact.implied && sameModel(card, fact.value),
    ),
  );
}

/** Cards of one model differ by file: name them by it. */
function fileName(card: ModelCard): string {
  return card.file.split(/[\\/]/).pop() || card.file;
}

/** Several cards answer equally for one container: binding one would be a guess, and order-dependent. */
function ambiguousCards(binding: Binding, cards: readonly ModelCard[]): Finding {
  const names = cards.map((card) => `${fileName(card)} (${card.image.repository})`).join(', ');
  return {
    rule: 'model-card-skew',
    severity: 'error',
    target: containerTarget(binding),
    location: locateIn(binding.workload, binding.container.path),
    effective: binding.container.image,
    source: 'image reference',
    message: `cannot tell which model card declares container ${binding.container.name}: ${names} answer equally for it, so none was checked`,
    fix: `Name the card with the annotation ${MODEL_CARD_ANNOTATION} (a card's file name or model.id), or give the cards distinct image.repository values.`,
  };
}

/** Image-side fields: a computed image says nothing of them until deploy. */
const IMAGE_FIELDS = /^(runtime\.|image\.)/;

/** A declared field nothing in the inputs states: said, never counted as passed. */
function cannotVerify(
  binding: Binding,
  card: ModelCard,
  key: string,
  declared: string,
  config: Config,
): Finding {
  const computed = binding.container.image === undefined && IMAGE_FIELDS.test(key);
  return {
    rule: 'model-card-skew',
    severity: computed ? config.unknown_values : 'note',
    target: containerTarget(binding),
    location: locateIn(binding.workload, binding.container.path),
    declared,
    message: computed
      ? `${key}: cannot verify: the image is computed at deploy time (${binding.container.imageUnknown ?? 'unknown'}), so nothing says the effective value of model card ${cardName(card)}'s ${shortHash(declared)}`
      : `${key}: cannot verify: nothing in the inputs says the effective value (model card ${cardName(card)} declares ${shortHash(declared)})`,
    fix: howToState(key),
  };
}

function howToState(key: string): string {
  if (key.startsWith('runtime.')) {
    const name = key.slice('runtime.'.length);
    return `State ${name} where it can be read: an image tag a convention reads (image_conventions in preflight.yaml), env ${name.toUpperCase()}_VERSION, or the image's config with --registry.`;
  }
  if (key === 'tokenizer_sha') return 'Set env TOKENIZER_SHA on the container.';
  if (key === 'image.tag') return 'Reference the image by its tag.';
  if (key.startsWith('model.'))
    return `Pass ${key === 'model.id' ? '--model' : '--revision'} to the engine explicitly.`;
  return `Pass ${key === 'tokenizer.id' ? '--tokenizer' : '--tokenizer-revision'} to the engine explicitly.`;
}

export function containerTarget(binding: Binding): string {
  return `${workloadTarget(binding.workload)} container ${binding.container.name}`;
}
