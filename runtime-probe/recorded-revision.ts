import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { INPUT_LIMITS, readSourceFile } from '../core/loaders/source-file';

/** A commit a model folder records having been downloaded at, and where it says so. */
export interface RecordedRevision {
  revision: string;
  source: string;
}

const COMMIT = /^[0-9a-f]{40}$/;

/**
 * The revisions a model folder records, as huggingface_hub leaves them: a cache snapshot folder is
 * named after its commit (`.../snapshots/<commit>`); a `--local-dir` download keeps
 * `.cache/huggingface/download/<file>.metadata` whose first line is the commit. Empty when neither.
 */
export function recordedRevisions(dir: string): RecordedRevision[] {
  if (basename(dirname(dir)) === 'snapshots' && COMMIT.test(basename(dir))) {
    return [{ revision: basename(dir), source: `snapshot folder ${dir}` }];
  }
  const metadata = join(dir, '.cache', 'huggingface', 'download');
  let names: string[];
  try {
    names = readdirSync(metadata).filter((name) => name.endsWith('.metadata'));
  } catch {
    return [];
  }
  const found: RecordedRevision[] = [];
  for (const name of names.sort()) {
    const file = join(metadata, name);
    const revision = firstLine(file).trim().toLowerCase();
    if (COMMIT.test(revision) && !found.some((known) => known.revision === revision)) {
      found.push({ revision, source: file });
    }
  }
  return found;
}

/** A metadata file's first line; empty when it cannot be read (a folder, unreadable): it records nothing then. */
function firstLine(file: string): string {
  try {
    // Core's bounded reader: a FIFO or an oversized file here records nothing, and is never waited on.
    return readSourceFile(file, INPUT_LIMITS.downloadMetadata).split('\n')[0]!;
  } catch {
    return '';
  }
}
