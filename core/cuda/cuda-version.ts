/** A CUDA release as the driver table and images name it, down to major.minor (what compatibility depends on). */
export interface CudaVersion {
  major: number;
  minor: number;
}

const CUDA_VERSION = /^(\d{1,2})\.(\d{1,2})(?:\.\d{1,3})?$/;

/** `12.4` or `12.4.1` (the patch does not change which driver is needed); null for anything else. */
export function parseCudaVersion(text: string): CudaVersion | null {
  const match = CUDA_VERSION.exec(text.trim());
  if (!match) return null;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

export function cudaText(version: CudaVersion): string {
  return `${version.major}.${version.minor}`;
}

export function compareCudaVersions(a: CudaVersion, b: CudaVersion): number {
  return Math.sign(a.major - b.major || a.minor - b.minor);
}
