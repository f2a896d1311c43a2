import { tryParseVersion } from '../versions';
import type { TagReading } from './tag-reading';

/**
 * Prefixes that name a component in any tag, glued (`cuda12.1`) or as their own token (`cuda-12.1`).
 * `pt` is not one: too short to mean PyTorch with confidence.
 */
const PREFIXES: readonly [prefix: string, key: string][] = [
  ['cudnn', 'runtime.cudnn'],
  ['cuda', 'runtime.cuda'],
  ['pytorch', 'runtime.pytorch'],
  ['torch', 'runtime.pytorch'],
  ['transformers', 'runtime.transformers'],
  // AWS Hugging Face DLC tags: `2.4.0-tgi2.3.1-gpu-py311-cu124-ubuntu22.04`. The TGI table is not applied:
  // the DLC is AWS's own build, and its `cuXYZ` token says its CUDA.
  ['tgi', 'runtime.tgi'],
];

const NUMERIC = /^\d+(?:\.\d+){0,2}$/;
const CU_TAG = /^cu\d{2,3}$/i;

/** What the tokens of any tag say, split on `-` and `_`: `cu121`, `cuda12.1`, `torch2.3.0`, ... */
export function tagTokenReadings(tag: string): TagReading[] {
  const tokens = tag.split(/[-_]/);
  const readings: TagReading[] = [];
  tokens.forEach((token, i) => {
    if (CU_TAG.test(token)) {
      const version = tryParseVersion(token.toLowerCase());
      if (version) readings.push({ key: 'runtime.cuda', value: `${version.major}.${version.minor}` });
      return;
    }
    const lower = token.toLowerCase();
    for (const [prefix, key] of PREFIXES) {
      if (!lower.startsWith(prefix)) continue;
      const glued = token.slice(prefix.length);
      const next = tokens[i + 1];
      const value = glued !== '' ? glued : next;
      if (value !== undefined && NUMERIC.test(value)) readings.push({ key, value });
      return;
    }
  });
  return readings;
}
