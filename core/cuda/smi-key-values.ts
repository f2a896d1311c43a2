/**
 * `key : value` lines as `nvidia-smi -q` and `--version` print them, keys lower-cased (their case varies:
 * `CUDA Version`, `CUDA version`) and padding trimmed; every value of a key, in order (an answer that
 * repeats a key must not hide a second value). Only top-level (unindented) lines: per-GPU entries such
 * as `GSP Firmware Version` are indented and say nothing about the driver.
 */
export function smiKeyValues(text: string): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^(\S[^:]*?)\s*:\s*(.*?)\s*$/.exec(line);
    if (!match) continue;
    const key = match[1]!.toLowerCase();
    entries.set(key, [...(entries.get(key) ?? []), match[2]!]);
  }
  return entries;
}

/** The first word of a value: R610 follows the deprecated keys' values with a bracketed note. */
export function firstWord(value: string | undefined): string {
  return value?.split(/\s+/)[0] ?? '';
}
