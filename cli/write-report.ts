import { writeOutputFile } from '../core/output/output-files';

/** `--output`: the report, through core's one writer (atomic for files, direct for devices and FIFOs). */
export function writeReport(file: string, content: string): void {
  writeOutputFile(file, content);
}
