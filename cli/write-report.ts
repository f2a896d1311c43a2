import type * as OutputFiles from '../core/output/output-files';

/**
 * `--output`: the report, through core's one writer (atomic for files, direct for devices and FIFOs).
 * The writer (node:crypto for its temporary names) is loaded only when a report goes to a file.
 */
export function writeReport(file: string, content: string): void {
  const { writeOutputFile } = require('../core/output/output-files') as typeof OutputFiles;
  writeOutputFile(file, content);
}
