/** Reads the block after `<!-- input: NAME -->` in the docs: the input a sample runs on. */
export type Inputs = (name: string) => string;

/** How the output of one `<!-- sample: ID -->` block is produced. */
export interface Sample {
  /** The command shown on the block's `$` line, when the block shows one. */
  command?: string;
  /** Runs the real command on the real input: the text it prints, or a value for `abridged`/`subset`. */
  run(inputs: Inputs): unknown;
  /**
   * What truly varies between runs, replaced the same way in the docs and in the output (each sample
   * says what it replaces and why).
   */
  normalize?: (text: string) => string;
}

/** Times and durations: the probe's ISO timestamps, `[N ms]`, `"elapsed_ms": N`. */
export function withoutTimes(text: string): string {
  return text
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
    .replace(/\[\d+ ms\]/g, '[N ms]')
    .replace(/"elapsed_ms": ?\d+/g, '"elapsed_ms": N');
}
