import { existsSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyOverrides } from '../core/check/apply-overrides';
import { modelFileFindings, type ObservedModelFile } from '../core/check/model-file-findings';
import { InputError } from '../core/errors';
import { formatText } from '../core/format/text';
import { loadConfig } from '../core/loaders/config';
import { loadModelCard } from '../core/loaders/model-card';
import { type Config, DEFAULT_CONFIG } from '../core/model/config';
import type { Finding, Passed } from '../core/model/finding';
import { cardName, type ModelCard } from '../core/model/model-card';
import { fileHashes } from './file-hashes';
import { parsedArgs } from './probe-args';
import { writeProbeLog } from './probe-log';
import { recordedRevisions } from './recorded-revision';
import { writeProbeFiles } from './write-files';

export const MODEL_USAGE = `Usage: preflight probe model [DIR] [options]

Verifies the model folder DIR (default: the current folder) against the model card: the sha256 and
git blob sha1 of every file under tokenizer.files and model.files, and model.revision against the
commit the folder records (a Hugging Face cache snapshot folder, or .cache/huggingface/download/ of a
--local-dir download). Files are streamed, never held in memory.

Options:
  -m, --model-card FILE   the model-card.json; repeatable (default: model_cards in --config)
  -c, --config FILE       preflight.yaml: model_cards, and overrides for model-card-skew (with a reason)
      --status-file FILE  the outcome as JSON
      --today YYYY-MM-DD  the date overrides expire against (default: today)

A mismatch prints "checkpoint ↔ tokenizer MISMATCH" and exits 1, unless an unexpired override for
model-card-skew covers it (then it is a warning that shows the reason).
A declared value the folder cannot confirm (model.revision outside a Hugging Face snapshot, a
tokenizer_sha with no tokenizer.json read) is reported as "cannot verify", never as passed.
Exit codes: 0 files match (or overridden), 1 mismatch or missing file, 2 usage or input error (a declared
file that is a folder or unreadable: every other file is still checked).`;

/** `preflight probe model [DIR]`: returns the exit code. */
export async function runModelFiles(argv: string[]): Promise<number> {
  const started = performance.now();
  const options = modelOptions(argv);
  const findings: Finding[] = [];
  const passed: Passed[] = [];
  const inputErrors: InputError[] = [];
  let checked = 0;
  for (const card of options.cards) {
    const files = await observeFiles(card, options.dir, inputErrors);
    checked += files.filter((file) => file.hashes).length;
    const outcome = modelFileFindings(card, files, recordedRevisions(options.dir), options.dir);
    if (files.length === 0) findings.push(nothingDeclared(card, options.dir));
    findings.push(...outcome.findings);
    passed.push(...outcome.passed);
  }
  const result = applyOverrides(findings, options.config.overrides, options.today);
  const blocking = result.filter((finding) => finding.severity === 'error');
  const report = {
    time: new Date().toISOString(),
    probe: 'model' as const,
    level: blocking.length || inputErrors.length ? 'error' : result.some(isWarning) ? 'warn' : 'info',
    verdict: blocking.length ? 'mismatch' : inputErrors.length ? 'unreadable' : 'match',
    dir: options.dir,
    model_cards: options.cards.map((card) => card.file),
    files_checked: checked,
    passed: passed.length,
    cannot_verify: result.filter((finding) => finding.severity === 'note').length,
    input_errors: inputErrors.map((error) => error.describe()),
    findings: result.map(({ rule, severity, message, target, declared, effective, source, override }) => ({
      rule,
      severity,
      message,
      target,
      declared,
      effective,
      source,
      override: override?.reason,
    })),
    elapsed_ms: Math.round(performance.now() - started),
  };
  if (options.statusFile) {
    writeProbeFiles([{ file: options.statusFile, content: `${JSON.stringify(report, null, 2)}\n` }]);
  }
  // The human side is the check list `preflight check` prints: one line per file and hash.
  const checklist = formatText(result, passed, {
    color: false,
    cwd: process.cwd(),
    heading: `preflight probe model · ${options.dir} · model card ${options.cards.map(cardName).join(', ')}`,
    action: 'start',
    inputErrors,
  });
  writeProbeLog(report, checklist.trimEnd());
  // A run that could not read a declared file is not a verdict on it: exit 2, with every finding reported.
  return inputErrors.length ? 2 : blocking.length ? 1 : 0;
}

function isWarning(finding: Finding): boolean {
  return finding.severity === 'warning';
}

/**
 * Every file a card declares hashes for, hashed where it exists. One that is there but cannot be
 * hashed (a folder, unreadable) goes to `inputErrors`, what and where, and is neither missing nor matched.
 */
async function observeFiles(
  card: ModelCard,
  dir: string,
  inputErrors: InputError[],
): Promise<ObservedModelFile[]> {
  const observed: ObservedModelFile[] = [];
  for (const part of ['tokenizer', 'model'] as const) {
    for (const name of Object.keys(card[part]?.files ?? {})) {
      const path = resolve(dir, name);
      const inside = relative(dir, path);
      if (inside.startsWith('..') || isAbsolute(inside)) {
        throw new InputError(
          `"${name}" is outside the model folder`,
          card.locate?.([part, 'files', name], 'key') ?? { file: card.file },
          `${part}.files`,
        );
      }
      if (!existsSync(path)) {
        observed.push({ name, part, path });
        continue;
      }
      try {
        observed.push({ name, part, path, hashes: await fileHashes(path) });
      } catch (error) {
        inputErrors.push(unreadableFile(error, `${part} file ${name}`, path));
        observed.push({ name, part, path, unreadable: true });
      }
    }
  }
  return observed;
}

/** Why a declared file could not be hashed, in one line: what and where, never its content. */
function unreadableFile(error: unknown, what: string, path: string): InputError {
  // Core's reader refused it (a folder, a FIFO, over the cap): its words, with what the file is.
  if (error instanceof InputError && error.location?.file === path && !error.location.line) {
    return new InputError(`${what} ${error.message}`, { file: path });
  }
  if (error instanceof InputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EISDIR'
      ? 'is a folder, not a file'
      : `cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  return new InputError(`${what} ${why}`, { file: path });
}

/** A card with no hashes verifies nothing; that is said, not passed silently. */
function nothingDeclared(card: ModelCard, dir: string): Finding {
  return {
    rule: 'model-card-skew',
    severity: 'warning',
    target: dir,
    location: { file: card.file },
    message: `model card ${cardName(card)} declares no file hashes (tokenizer.files, model.files): nothing to verify`,
    fix: 'Record sha256 and git_sha1 of the tokenizer and config files in the card.',
  };
}

interface ModelOptions {
  dir: string;
  cards: ModelCard[];
  config: Config;
  statusFile?: string;
  today: string;
}

function modelOptions(argv: string[]): ModelOptions {
  const { values, positionals } = parsedArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      'model-card': { type: 'string', short: 'm', multiple: true },
      config: { type: 'string', short: 'c' },
      'status-file': { type: 'string' },
      today: { type: 'string' },
    },
  });
  if (positionals.length > 1) throw new InputError(`expected one model folder, got ${positionals.length}`);
  if (values.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.today)) {
    throw new InputError(`expected a date as YYYY-MM-DD, got "${values.today}"`, undefined, '--today');
  }
  const dir = resolve(positionals[0] ?? '.');
  if (!existsSync(dir)) throw new InputError('model folder not found', { file: dir });
  const config = values.config ? loadConfig(resolve(values.config)) : DEFAULT_CONFIG;
  const cardFiles = values['model-card']?.map((file) => resolve(file)) ?? config.model_cards;
  if (cardFiles.length === 0)
    throw new InputError('no model card: give --model-card FILE, or --config with model_cards');
  return {
    dir,
    cards: cardFiles.map(loadModelCard),
    config,
    statusFile: values['status-file'] && resolve(values['status-file']),
    today: values.today ?? new Date().toISOString().slice(0, 10),
  };
}
