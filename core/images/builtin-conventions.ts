import type { TagReading } from './tag-reading';

/** How the tags of well-known serving images are written, and what they say. */
export interface BuiltinConvention {
  /** Normalized `registry/repository` names. */
  repositories: readonly string[];
  read(tag: string): TagReading[];
}

/**
 * TGI release (major.minor) → the CUDA its torch is built for, from each tag's Dockerfile
 * (shared/reference/cuda-runtime.md §11). 2.3 and 3.0 start from a 12.1 base but install torch built
 * on 12.4.1, so the image's own CUDA_VERSION under-reports. Releases not listed there are not guessed.
 */
export const TGI_CUDA: Readonly<Record<string, string>> = {
  '2.0': '12.1',
  '2.1': '12.1',
  '2.3': '12.4',
  '3.0': '12.4',
  '3.3': '12.4',
};

/** tritonserver release → CUDA, from NVIDIA's release notes (shared/reference/cuda-runtime.md §11). */
export const TRITON_CUDA: Readonly<Record<string, string>> = {
  '23.05': '12.1.1',
  '24.05': '12.4.1',
  '24.07': '12.5.1',
  '24.10': '12.6.2',
  '25.03': '12.8.1',
  '25.04': '12.9.0',
  '25.08': '13.0.0',
  '25.10': '13.0.2',
};

const LEADING_VERSION = /^(\d+\.\d+(?:\.\d+)?)(?:-|$)/;

export const BUILTIN_CONVENTIONS: readonly BuiltinConvention[] = [
  {
    // 12.1.1-cudnn8-runtime-ubuntu22.04
    repositories: ['docker.io/nvidia/cuda', 'nvcr.io/nvidia/cuda'],
    read: (tag) => leading(tag, 'runtime.cuda'),
  },
  {
    // 2.3.0-cuda12.1-cudnn8-runtime: the CUDA part is read by the generic tag tokens.
    repositories: ['docker.io/pytorch/pytorch'],
    read: (tag) => leading(tag, 'runtime.pytorch'),
  },
  {
    // v0.6.0, v0.10.1.1, v0.11.0-cu129. The CUDA base of each release is not sourced, so none is given.
    repositories: ['docker.io/vllm/vllm-openai'],
    read: (tag) => {
      const version = /^v?(\d+\.\d+\.\d+(?:\.\d+)?)(?:-|$)/.exec(tag)?.[1];
      return version ? [{ key: 'runtime.vllm', value: version }] : [];
    },
  },
  {
    repositories: ['ghcr.io/huggingface/text-generation-inference'],
    read: (tag) => {
      const match = /^(\d+)\.(\d+)(?:\.\d+)?(-.+)?$/.exec(tag);
      if (!match) return [];
      const [version, major, minor, variant] = [tag.replace(/-.*$/, ''), match[1], match[2], match[3]];
      const readings: TagReading[] = [{ key: 'runtime.tgi', value: version }];
      // Suffixed tags (-rocm, -intel-xpu, -neuron) are other builds: the table speaks only for plain ones.
      const cuda = variant === undefined ? TGI_CUDA[`${major}.${minor}`] : undefined;
      if (cuda) readings.push({ key: 'runtime.cuda', value: cuda, note: `TGI ${major}.${minor} Dockerfile` });
      return readings;
    },
  },
  {
    // 24.05-py3; variants (-py3-sdk, -trtllm-python-py3, -py3-igpu) keep the release but not the table.
    repositories: ['nvcr.io/nvidia/tritonserver'],
    read: (tag) => {
      const match = /^(\d{2}\.\d{2})-(.+)$/.exec(tag);
      if (!match) return [];
      const [release, variant] = [match[1]!, match[2]];
      const readings: TagReading[] = [{ key: 'runtime.triton', value: release }];
      const cuda = variant === 'py3' ? TRITON_CUDA[release] : undefined;
      if (cuda)
        readings.push({ key: 'runtime.cuda', value: cuda, note: `tritonserver ${release} release notes` });
      return readings;
    },
  },
];

function leading(tag: string, key: string): TagReading[] {
  const version = LEADING_VERSION.exec(tag)?.[1];
  return version ? [{ key, value: version }] : [];
}
