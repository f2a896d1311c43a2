import { shortHash } from '../format/short-hash';
import type { Finding, Passed, RuleOutcome } from '../model/finding';
import { cardName, type FileHashes, type ModelCard } from '../model/model-card';

/** What was found on disk for one file a card declares hashes for. */
export interface ObservedModelFile {
  /** The name as the card writes it, relative to the model folder. */
  name: string;
  /** Which part of the card declares it. */
  part: 'tokenizer' | 'model';
  path: string;
  /** Absent when the file is missing or unreadable. */
  hashes?: { sha256: string; gitSha1: string };
  /** There, but it could not be hashed (a folder, no permission): the caller reports it as an input error. */
  unreadable?: boolean;
}

/**
 * The boot-time half of model-card-skew: the files in a model folder against the hashes and revision
 * the card declares. A tokenizer file that differs is the seed's "checkpoint ↔ tokenizer MISMATCH":
 * the model would serve with a tokenizer it was not trained with. `tokenizer_sha` is compared with the
 * sha256 of the tokenizer.json among `files`. A declared value the folder cannot confirm (no recorded
 * revision, no tokenizer.json read) is a "cannot verify" note, never a pass. Pure: hashes are computed
 * by the caller; `folder` is the model folder, the target of what it does not record.
 */
export function modelFileFindings(
  card: ModelCard,
  files: readonly ObservedModelFile[],
  revisions: readonly { revision: string; source: string }[],
  folder: string,
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
    if (file.unreadable) continue;
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
  const tokenizerSha = tokenizerShaOutcome(card, files, folder);
  findings.push(...tokenizerSha.findings);
  passed.push(...tokenizerSha.passed);
  const want = card.model?.revision?.toLowerCase();
  if (want && revisions.length === 0) {
    findings.push({
      rule: 'model-card-skew',
      severity: 'note',
      target: folder,
      location: at(card, ['model', 'revision']),
      declared: want,
      message: `model.revision: cannot verify: the model folder records no revision (not a Hugging Face cache snapshots/<commit> folder, no .cache/huggingface/download/*.metadata); model card ${cardName(card)} declares ${shortHash(want)}`,
      fix: 'Mount the Hugging Face cache snapshot folder (snapshots/<commit>), or download with huggingface-cli download --local-dir, which records the commit.',
    });
  }
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

/** tokenizer_sha (a hex prefix of tokenizer.json's sha256, or all of it) against the tokenizer.json read. */
function tokenizerShaOutcome(
  card: ModelCard,
  files: readonly ObservedModelFile[],
  folder: string,
): RuleOutcome {
  const want = card.tokenizer_sha?.toLowerCase();
  if (!want) return { findings: [], passed: [] };
  const tokenizer = files.find((file) => file.hashes && /(^|\/)tokenizer\.json$/.test(file.name));
  const location = at(card, ['tokenizer_sha']);
  if (!tokenizer?.hashes) {
    const declared = files.some((file) => /(^|\/)tokenizer\.json$/.test(file.name));
    return {
      findings: [
        {
          rule: 'model-card-skew',
          severity: 'note',
          target: folder,
          location,
          declared: want,
          message: `tokenizer_sha: cannot verify: ${declared ? 'tokenizer.json was not read (missing or unreadable)' : 'the model card lists no tokenizer.json under tokenizer.files, so none was hashed'}; model card ${cardName(card)} declares ${shortHash(want)}`,
          fix: 'Declare tokenizer.json under tokenizer.files (sha256, git_sha1) and mount it in the model folder.',
        },
      ],
      passed: [],
    };
  }
  const have = tokenizer.hashes.sha256;
  if (have.startsWith(want)) {
    return {
      findings: [],
      passed: [
        {
          rule: 'model-card-skew',
          target: tokenizer.path,
          subject: 'tokenizer_sha',
          value: have,
          source: `sha256 of ${tokenizer.name}`,
        },
      ],
    };
  }
  return {
    findings: [
      {
        rule: 'model-card-skew',
        severity: 'error',
        target: tokenizer.path,
        location,
        message: `checkpoint ↔ tokenizer MISMATCH: ${tokenizer.name} sha256 is ${have.slice(0, 12)}…, model card ${cardName(card)} declares tokenizer_sha ${shortHash(want)}`,
        declared: want,
        effective: have,
        source: `sha256 of ${tokenizer.path}`,
        fix: 'Use the tokenizer the card was validated with, or update the model card; to start anyway, add an override for model-card-skew with a reason.',
      },
    ],
    passed: [],
  };
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
