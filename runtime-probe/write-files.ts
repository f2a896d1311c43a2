import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors';

/**
 * Writes every file to a temp file beside it first, and renames them into place only when all were
 * written: a reader (the app's wrapper, a watcher) never sees half a file, and a write that fails
 * (a missing or read-only folder) changes no file. A rename is atomic within a folder, hence the
 * temp beside its target.
 */
export function writeFilesAtomically(files: readonly { file: string; content: string }[]): void {
  const temps = files.map(({ file }) => join(dirname(file), `.${basename(file)}.${process.pid}.tmp`));
  let current = '';
  try {
    files.forEach(({ file, content }, index) => {
      current = file;
      writeFileSync(temps[index]!, content, { mode: 0o644 });
    });
    files.forEach(({ file }, index) => {
      current = file;
      renameSync(temps[index]!, file);
    });
  } catch (error) {
    for (const temp of temps) removeQuietly(temp);
    throw new InputError(`cannot write: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, {
      file: current,
    });
  }
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // its folder is missing or not a folder: then nothing was written there
  }
}
