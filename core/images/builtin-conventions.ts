import { imageCudaTables } from './image-cuda-tables';
import type { TagReading } from './tag-reading';

/** How the tags of well-known serving images are written, and what they say. */
export interface BuiltinConvention {
  /** Normalized `registry/repository` names. */
  repositories: readonly string[];
  read(tag: string): TagReading[];
}

/**
 * TGI release (major.minor) → the CUDA its torch is built for, tritonserver release → CUDA, vLLM
 * release → CUDA: the tables of core/data/image-cuda-tables.json, each with its source there. A release
 * a table does not hold gives no CUDA ("cannot tell"); nothing is guessed from neighbouring releases.
 */
export const TGI_CUDA: Readonly<Record<string, string>> = cudaByRelease('tgi');
export const TRITON_CUDA: Readonly<Record<string, string>> = cudaByRelease('triton');
export const VLLM_CUDA: Readonly<Record<string, string>> = cudaByRelease('vllm');

function cudaByRelease(name: 'tgi' | 'triton' | 'vllm'): Record<string, string> {
  return Object.fromEntries([...imageCudaTables()[name].rows.values()].map((row) => [row.release, row.cuda]));
}

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
    // v0.6.0, v0.10.1.1, v0.11.0-cu129: a suffixed tag's CUDA is read from its `cuXYZ` token instead.
    repositories: ['docker.io/vllm/vllm-openai'],
    read: (tag) => {
      const match = /^v?(\d+\.\d+\.\d+(?:\.\d+)?)(-.+)?$/.exec(tag);
      if (!match) return [];
      const [version, variant] = [match[1]!, match[2]];
      const readings: TagReading[] = [{ key: 'runtime.vllm', value: version }];
      const cuda = variant === undefined ? VLLM_CUDA[version] : undefined;
      if (cuda)
        readings.push({ key: 'runtime.cuda', value: cuda, note: `vLLM ${version} image requirement` });
      return readings;
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
    // 24.05-py3, 20.03.1-py3; variants (-py3-sdk, -trtllm-python-py3, -py3-igpu) keep the release but not the table.
    repositories: ['nvcr.io/nvidia/tritonserver'],
    read: (tag) => {
      const match = /^(\d{2}\.\d{2}(?:\.\d+)?)-(.+)$/.exec(tag);
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
