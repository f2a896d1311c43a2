import { relative } from 'node:path';
import { shownText } from './format/shown-text';
import type { Location } from './model/location';

/**
 * Bad input that the user must fix: a malformed file, an unknown config field, an invalid image
 * reference. Fronts turn it into exit code 2 (CLI) or a clear diagnostic, never a stack trace.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly location?: Location,
    /** Path inside the document, in words: `overrides[2].reason`. */
    readonly field?: string,
  ) {
    super(message);
  }

  /** `file:line:col: field: message`, the shape compilers and linters use; paths relative to `cwd` if given. */
  describe(cwd?: string): string {
    const file =
      this.location && cwd ? relative(cwd, this.location.file) || this.location.file : this.location?.file;
    const where = this.location
      ? [file === undefined ? undefined : shownText(file), this.location.line, this.location.column]
          .filter((part) => part !== undefined)
          .join(':')
      : '';
    // Escaped here, so every path that prints an input error is safe from hidden characters.
    const field = this.field ? `${shownText(this.field)}: ` : '';
    const message = shownText(this.message);
    return where ? `${where}: ${field}${message}` : `${field}${message}`;
  }
}
