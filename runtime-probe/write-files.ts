import { writeOutputFiles } from '../core/output/output-files';

/**
 * The probe's env and status files, through core's one writer: both or neither (every target is
 * checked and every temp written before the first rename), the renames under a lock so that two
 * probes writing the same files never leave one file from each run.
 */
export function writeProbeFiles(files: readonly { file: string; content: string }[]): void {
  writeOutputFiles(files.map((each) => ({ ...each, mode: 0o644 })));
}
