/** A CUDA release as the driver table and images name it, down to major.minor (what compatibility depends on). */
export interface CudaVersion {
  major: number;
  minor: number;
}

const CUDA_VERSION = /^(?:cuda-?)?(\d{1,2})\.(\d{1,2})(?:\.\d{1,3})?$/i;
/** PyTorch's wheel tags: `cu121` is 12.1, `cu118` 11.8 (the last digit is the minor). */
const CUDA_WHEEL_TAG = /^cu(\d{2}|[789])(\d)$/i;

/**
 * `12.4` or `12.4.1` (the patch does not change which driver is needed), and the spellings model cards
 * and tags use for the same: `cuda12.4`, `cu124`. Null for anything else.
 */
export function parseCudaVersion(text: string): CudaVersion | null {
  const match = CUDA_VERSION.exec(text.trim()) ?? CUDA_WHEEL_TAG.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function cudaText(version: CudaVersion): string {
  return `${version.major}.${version.minor}`;
}

export function compareCudaVersions(a: CudaVersion, b: CudaVersion): number {
  return Math.sign(a.major - b.major || a.minor - b.minor);
}
