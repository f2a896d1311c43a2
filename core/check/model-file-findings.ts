import type { Finding, Passed, RuleOutcome } from '../model/finding';
import { cardName, type FileHashes, type ModelCard } from '../model/model-card';

/** What was found on disk for one file a card declares hashes for. */
export interface ObservedModelFile {
  /** The name as the card writes it, relative to the model folder. */
  name: string;
  /** Which part of the card declares it. */
  part: 'tokenizer' | 'model';
  path: string;
  /** Absent when the file is missing. */
  hashes?: { sha256: string; gitSha1: string };
}

/**
 * The boot-time half of model-card-skew: the files in a model folder against the hashes and revision
 * the card declares. A tokenizer file that differs is the seed's "checkpoint ↔ tokenizer MISMATCH":
 * the model would serve with a tokenizer it was not trained with. Pure: hashes are computed by the caller.
 */
export function modelFileFindings(
  card: ModelCard,
  files: readonly ObservedModelFile[],
  revisions: readonly { revision: string; source: string }[],
): RuleOutcome {
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  for (const file of files) {
    const declared = card[file.part]?.files?.[file.name] ?? {};
    const base = {
      rule: 'model-card-skew' as const,
      target: file.path,
      location: at(card, [file.part, 'files', file.name]),
    };
    if (!file.hashes) {
      findings.push({
        ...base,
        severity: 'error',
        message: `${file.part} file ${file.name} is missing from the model folder: model card ${cardName(card)} declares its hashes`,
        fix: 'Mount or download the files the card was validated with, or update the model card.',
      });
      continue;
    }
    for (const [kind, want, have] of hashPairs(declared, file.hashes)) {
      if (want.toLowerCase() === have) {
        passed.push({
          rule: 'model-card-skew',
          target: file.path,
          subject: `${file.name} ${kind}`,
          value: have,
        });
        continue;
      }
      findings.push({
        ...base,
        severity: 'error',
        location: at(card, [file.part, 'files', file.name, kind === 'sha256' ? 'sha256' : 'git_sha1']),
        message: `${label(file)} MISMATCH: ${file.name} ${kind} is ${have.slice(0, 12)}…, model card ${cardName(card)} declares ${want.slice(0, 12)}…`,
        declared: want.toLowerCase(),
        effective: have,
        source: `${kind} of ${file.path}`,
        fix: `Use the ${file.part} files the card was validated with, or update the model card; to start anyway, add an override for model-card-skew with a reason.`,
      });
    }
  }
  const want = card.model?.revision?.toLowerCase();
  for (const recorded of want ? revisions : []) {
    const base = { rule: 'model-card-skew' as const, target: recorded.source };
    if (recorded.revision === want) {
      passed.push({ ...base, subject: 'model.revision', value: recorded.revision, source: recorded.source });
    } else {
      findings.push({
        ...base,
        severity: 'error',
        location: at(card, ['model', 'revision']),
        message: `model.revision MISMATCH: the model folder was downloaded at ${recorded.revision.slice(0, 12)}…, model card ${cardName(card)} declares ${want!.slice(0, 12)}…`,
        declared: want,
        effective: recorded.revision,
        source: recorded.source,
        fix: 'Download the revision the card declares, or update the model card; to start anyway, add an override for model-card-skew with a reason.',
      });
    }
  }
  return { findings, passed };
}

function hashPairs(
  declared: FileHashes,
  have: { sha256: string; gitSha1: string },
): [string, string, string][] {
  const pairs: [string, string, string][] = [];
  if (declared.sha256) pairs.push(['sha256', declared.sha256, have.sha256]);
  if (declared.git_sha1) pairs.push(['git blob sha1', declared.git_sha1, have.gitSha1]);
  return pairs;
}

function label(file: ObservedModelFile): string {
  return file.part === 'tokenizer' ? 'checkpoint ↔ tokenizer' : 'checkpoint file';
}

function at(card: ModelCard, path: (string | number)[]) {
  return card.locate?.(path) ?? { file: card.file };
}
