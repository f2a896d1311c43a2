import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors';

/** Writes to a temp file beside the target and renames it, so a reader never sees half a report. */
export function writeReportAtomically(file: string, content: string): void {
  const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, content);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new InputError(`cannot write report: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file,
    });
  }
}
