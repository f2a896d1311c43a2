/**
 * `key : value` lines as `nvidia-smi -q` and `--version` print them, keys lower-cased (their case varies:
 * `CUDA Version`, `CUDA version`) and padding trimmed. Only top-level (unindented) lines: per-GPU entries
 * such as `GSP Firmware Version` are indented and say nothing about the driver.
 */
export function smiKeyValues(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^(\S[^:]*?)\s*:\s*(.*?)\s*$/.exec(line);
    if (match && !entries.has(match[1]!.toLowerCase())) entries.set(match[1]!.toLowerCase(), match[2]!);
  }
  return entries;
}

/** The first word of a value: R610 follows the deprecated keys' values with a bracketed note. */
export function firstWord(value: string | undefined): string {
  return value?.split(/\s+/)[0] ?? '';
}
